package org.docbatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Jobs of the {@code noop} type (a node started with NOOP_JOBS_ENABLED=true), as tests make them.
 */
public final class NoopJobs {

  private NoopJobs() {}

  /**
   * The environment of a node that offers noop jobs, on {@code redisUrl}, with its documents under
   * {@code work/documents} and its output under {@code work/output}; add what a test needs.
   */
  public static Map<String, String> nodeEnvironment(Path work, String redisUrl) {
    Map<String, String> environment = new HashMap<>();
    environment.put("REDIS_URL", redisUrl);
    environment.put("DOCUMENT_ROOT", work.resolve("documents").toString());
    environment.put("OUTPUT_ROOT", work.resolve("output").toString());
    environment.put("NOOP_JOBS_ENABLED", "true");
    return environment;
  }

  /** Writes {@code count} small text documents, {@code <prefix>-<i>.txt}, into {@code folder}. */
  public static void writeDocuments(Path folder, String prefix, int count) throws IOException {
    Files.createDirectories(folder);
    for (int i = 0; i < count; i++) {
      Files.writeString(folder.resolve(prefix + "-" + i + ".txt"), "document " + i + "\n");
    }
  }

  /**
   * Submits a noop job over {@code <prefix>-0.txt} to {@code <prefix>-<count-1>.txt} with these
   * options (e.g. {@code delay_ms}), expects 202 and returns the job's id.
   */
  public static String submit(
      ApiClient api, String prefix, int count, int priority, JsonObject options) {
    JsonArrayBuilder documents = Json.createArrayBuilder();
    for (int i = 0; i < count; i++) {
      documents.add(prefix + "-" + i + ".txt");
    }
    JsonObject request =
        Json.createObjectBuilder()
            .add("job_type", "noop")
            .add("priority", priority)
            .add("documents", documents)
            .add("options", options)
            .build();
    ApiClient.Answer answer = api.post("/jobs", request.toString());
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }

  /** Options that make each document wait {@code millis} before it succeeds. */
  public static JsonObject delay(int millis) {
    return Json.createObjectBuilder().add("delay_ms", millis).build();
  }
}
