package org.docbatch.worker.noop;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Set;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
import org.docbatch.worker.spi.DocumentTask;

/**
 * A worker that does not read its document: it waits {@code delay_ms} and succeeds, or fails the
 * documents whose reference contains {@code fail_matching}, or crashes (an unexpected error, which
 * the dispatcher retries and then dead-letters) on those containing {@code crash_matching}, or
 * fails them with a transient error (retried the same way) on those containing {@code
 * transient_matching}. For benchmarks of the engine alone and for tests that need slow or failing
 * documents; offered only when {@code NOOP_JOBS_ENABLED} is true.
 *
 * <p>With {@code artifact_bytes} it writes an artifact of that many bytes ({@code <name>.bin}, a
 * pattern of the document's index), waiting {@code artifact_pause_ms} half way through the writing:
 * for tests of artifacts, their downloads, and a node killed while it writes one.
 */
public class NoopProcessor implements DocumentProcessor {

  private static final int MAX_DELAY_MS = 600_000;
  private static final int MAX_ARTIFACT_BYTES = 1 << 30;

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    JobOptions options = new JobOptions(task.options());
    int delay = options.integer("delay_ms", 0, 0, MAX_DELAY_MS);
    String failMatching = matching(task.options(), "fail_matching");
    String crashMatching = matching(task.options(), "crash_matching");
    String transientMatching = matching(task.options(), "transient_matching");
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DocumentException(
            DocumentException.INTERRUPTED, "stopped while this document waited");
      }
    }
    if (crashMatching != null && task.reference().contains(crashMatching)) {
      throw new IllegalStateException(
          "crashed on purpose: the reference contains '" + crashMatching + "'");
    }
    if (transientMatching != null && task.reference().contains(transientMatching)) {
      throw new DocumentException(
              "noop_transient",
              "failed for now on purpose: the reference contains '" + transientMatching + "'")
          .retryable();
    }
    if (failMatching != null && task.reference().contains(failMatching)) {
      throw new DocumentException(
          "noop_failure", "failed on purpose: the reference contains '" + failMatching + "'");
    }
    var result = Json.createObjectBuilder().add("delay_ms", delay);
    int bytes = options.integer("artifact_bytes", 0, 0, MAX_ARTIFACT_BYTES);
    if (bytes > 0) {
      String name =
          writeArtifact(task, bytes, options.integer("artifact_pause_ms", 0, 0, MAX_DELAY_MS));
      result.add("artifact", task.artifacts().apiPath(name));
    }
    return result.build();
  }

  private static String writeArtifact(DocumentTask task, int bytes, int pauseMillis)
      throws DocumentException {
    String name =
        DocumentArtifacts.safeName(
            task.reference().replaceFirst(".*/", "").replaceFirst("\\.[^.]*$", ""), ".bin");
    byte[] block = new byte[8192];
    Arrays.fill(block, (byte) ('a' + task.index() % 26));
    try {
      task.artifacts()
          .write(
              name,
              out -> {
                for (int written = 0; written < bytes; written += block.length) {
                  if (pauseMillis > 0
                      && written < bytes / 2
                      && written + block.length >= bytes / 2) {
                    out.flush();
                    sleep(pauseMillis);
                  }
                  out.write(block, 0, Math.min(block.length, bytes - written));
                }
              });
    } catch (IOException e) {
      throw new DocumentException(
              "output_failed", "The artifact could not be written: " + e.getMessage(), e)
          .retryable();
    }
    return name;
  }

  private static void sleep(int millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stopped while writing");
    }
  }

  @Override
  public Set<String> optionNames() {
    return Set.of(
        "delay_ms",
        "fail_matching",
        "crash_matching",
        "transient_matching",
        "artifact_bytes",
        "artifact_pause_ms");
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    new JobOptions(options).integer("delay_ms", 0, 0, MAX_DELAY_MS);
    new JobOptions(options).integer("artifact_bytes", 0, 0, MAX_ARTIFACT_BYTES);
    new JobOptions(options).integer("artifact_pause_ms", 0, 0, MAX_DELAY_MS);
    matching(options, "fail_matching");
    matching(options, "crash_matching");
    matching(options, "transient_matching");
  }

  private static String matching(JsonObject options, String name) throws DocumentException {
    JsonValue value = options.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString text && !text.getString().isEmpty()) {
      return text.getString();
    }
    throw new DocumentException(
        "bad_option", "option " + name + " must be a non-empty string, not " + value);
  }
}
