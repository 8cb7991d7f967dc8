package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.docbatch.api.JobLifecycleIT;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Jobs, their documents and results live in Redis: a killed server forgets nothing. */
class RestartIT {

  @Test
  void aFinishedJobSurvivesAKilledServer() throws Exception {
    OwnNode.Builder restarted = OwnNode.in("restart");
    Files.writeString(restarted.documents().resolve("kept.txt"), "a document to remember\n");
    // One Redis under both servers, outliving the first: the second must find what it stored.
    try (RedisServer redis = RedisServer.start(restarted.work().resolve("redis"))) {
      restarted.on(redis);
      String id;
      JsonObject before;
      try (OwnNode first = restarted.start()) {
        ApiClient api = first.api();
        id =
            api.post("/jobs", JobLifecycleIT.jobJson("validation", List.of("kept.txt"), 3))
                .json()
                .getString("job_id");
        before =
            await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> api.get("/jobs/" + id).json(), j -> j.containsKey("finished_at"));
        first.server().kill();
      }

      try (OwnNode second = restarted.start()) {
        ApiClient api = second.api();
        assertEquals(before, api.get("/jobs/" + id).json());
        JsonObject result =
            api.get("/jobs/" + id + "/results").json().getJsonArray("results").getJsonObject(0);
        assertEquals("completed", result.getString("status"));
        assertEquals("kept.txt", result.getString("document"));
      }
    }
  }
}
