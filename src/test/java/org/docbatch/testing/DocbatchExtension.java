package org.docbatch.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one running docbatch for the whole test run: a redis-server of its own on
 * a free port and the bootable JAR over it, with a document root the tests fill. Both stop when the
 * run ends.
 */
public final class DocbatchExtension implements ParameterResolver {

  /** What a test gets: the server, its Redis, its document root and a client. */
  public record Docbatch(
      DocbatchServer server, RedisServer redis, Path documentRoot, ApiClient api) {}

  private record Running(OwnNode node, Docbatch docbatch)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Docbatch.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    return store.getOrComputeIfAbsent(Running.class, key -> start(), Running.class).docbatch();
  }

  /**
   * The folder the build copies CoreNLP's models jar into (docbatch.corenlp-models, from Maven).
   */
  private static Path corenlpModels() {
    return Path.of(System.getProperty("docbatch.corenlp-models", "target/corenlp-models"))
        .toAbsolutePath();
  }

  private static Running start() {
    try {
      OwnNode node =
          OwnNode.at(OwnNode.testWork())
              .with("MAX_QUEUE_SIZE", "2000")
              .with("MAX_UPLOAD_SIZE_MB", "5")
              .with("OCR_WORKERS", "2")
              .with("OCR_FAULT_INJECTION", "true")
              // noop documents (a delay, a failure or a crash on demand) for tests that need
              // slow or crashing documents; a crash is dead-lettered after one retry.
              .with("NOOP_JOBS_ENABLED", "true")
              .with("NOOP_MAX_RETRIES", "1")
              .with("CORENLP_MODELS_DIR", corenlpModels().toString())
              // CoreNLP's default pipeline loads as the node starts (NlpIT checks it did)
              .with("NLP_WARMUP_DOCUMENTS", "2")
              .start();
      return new Running(
          node, new Docbatch(node.server(), node.redis(), node.documents(), node.api()));
    } catch (Exception e) {
      throw new IllegalStateException("could not start docbatch for the integration tests", e);
    }
  }
}
