package org.docbatch.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Jobs, their documents and results live in Redis: a killed server forgets nothing. */
class RestartIT {

  @Test
  void aFinishedJobSurvivesAKilledServer() throws Exception {
    Path work =
        Path.of(System.getProperty("docbatch.test-work", "target/it-work"))
            .toAbsolutePath()
            .resolve("restart");
    Path documents = Files.createDirectories(work.resolve("documents"));
    Files.writeString(documents.resolve("kept.txt"), "a document to remember\n");
    try (RedisServer redis = RedisServer.start(work.resolve("redis"))) {
      Map<String, String> env =
          Map.of(
              "REDIS_URL",
              redis.url(),
              "DOCUMENT_ROOT",
              documents.toString(),
              "OUTPUT_ROOT",
              work.resolve("output").toString());
      String id;
      JsonObject before;
      try (DocbatchServer first = DocbatchServer.start(work, env)) {
        ApiClient api = new ApiClient(first::api);
        id =
            api.post("/jobs", JobLifecycleIT.jobJson("validation", List.of("kept.txt"), 3))
                .json()
                .getString("job_id");
        before =
            await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> api.get("/jobs/" + id).json(), j -> j.containsKey("finished_at"));
        first.kill();
      }

      try (DocbatchServer second = DocbatchServer.start(work, env)) {
        ApiClient api = new ApiClient(second::api);
        assertEquals(before, api.get("/jobs/" + id).json());
        JsonObject result =
            api.get("/jobs/" + id + "/results").json().getJsonArray("results").getJsonObject(0);
        assertEquals("completed", result.getString("status"));
        assertEquals("kept.txt", result.getString("document"));
      }
    }
  }
}
