package org.docbatch.worker.noop;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.docbatch.worker.DocumentException;
import org.docbatch.worker.DocumentProcessor;
import org.docbatch.worker.DocumentTask;
import org.docbatch.worker.document.JobOptions;

/**
 * A worker that does not read its document: it waits {@code delay_ms} and succeeds, or fails the
 * documents whose reference contains {@code fail_matching}. For benchmarks of the engine alone and
 * for tests that need slow or failing documents; offered only when {@code NOOP_JOBS_ENABLED} is
 * true.
 */
public class NoopProcessor implements DocumentProcessor {

  private static final int MAX_DELAY_MS = 600_000;

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    JobOptions options = new JobOptions(task.options());
    int delay = options.integer("delay_ms", 0, 0, MAX_DELAY_MS);
    String failMatching = failMatching(task.options());
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DocumentException("interrupted", "the node stopped while this document waited");
      }
    }
    if (failMatching != null && task.reference().contains(failMatching)) {
      throw new DocumentException(
          "noop_failure", "failed on purpose: the reference contains '" + failMatching + "'");
    }
    return Json.createObjectBuilder().add("delay_ms", delay).build();
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    new JobOptions(options).integer("delay_ms", 0, 0, MAX_DELAY_MS);
    failMatching(options);
  }

  private static String failMatching(JsonObject options) throws DocumentException {
    JsonValue value = options.get("fail_matching");
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString text && !text.getString().isEmpty()) {
      return text.getString();
    }
    throw new DocumentException(
        "bad_option", "option fail_matching must be a non-empty string, not " + value);
  }
}
