package org.docbatch.worker.noop;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import org.docbatch.json.Json;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
import org.docbatch.worker.spi.DocumentTask;

/**
 * A worker that does not read its document: it waits {@code delay_ms} and succeeds, or fails the
 * documents whose reference contains {@code fail_matching}, or crashes (an unexpected error, which
 * the dispatcher retries and then dead-letters) on those containing {@code crash_matching}. For
 * benchmarks of the engine alone and for tests that need slow or failing documents; offered only
 * when {@code NOOP_JOBS_ENABLED} is true.
 */
public class NoopProcessor implements DocumentProcessor {

  private static final int MAX_DELAY_MS = 600_000;

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    JobOptions options = new JobOptions(task.options());
    int delay = options.integer("delay_ms", 0, 0, MAX_DELAY_MS);
    String failMatching = matching(task.options(), "fail_matching");
    String crashMatching = matching(task.options(), "crash_matching");
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
    if (failMatching != null && task.reference().contains(failMatching)) {
      throw new DocumentException(
          "noop_failure", "failed on purpose: the reference contains '" + failMatching + "'");
    }
    return Json.createObjectBuilder().add("delay_ms", delay).build();
  }

  @Override
  public Set<String> optionNames() {
    return Set.of("delay_ms", "fail_matching", "crash_matching");
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    new JobOptions(options).integer("delay_ms", 0, 0, MAX_DELAY_MS);
    matching(options, "fail_matching");
    matching(options, "crash_matching");
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
