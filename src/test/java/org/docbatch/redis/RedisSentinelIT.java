package org.docbatch.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisSentinels;
import org.junit.jupiter.api.Test;

/**
 * docbatch behind Redis Sentinel ({@code REDIS_URL=redis-sentinel://...}): the master is killed in
 * the middle of a job, the sentinels promote its replica, and the job completes on the new master
 * with every document's result recorded exactly once.
 */
class RedisSentinelIT {

  private static final int DOCUMENTS = 60;

  @Test
  void aJobCompletesAcrossAFailoverWithNothingLost() throws Exception {
    OwnNode.Builder failedOver =
        OwnNode.in("redis-sentinel")
            .with("NOOP_JOBS_ENABLED", "true")
            // Four noop workers, and lost leases back in their queue within 3 s.
            .with("NOOP_WORKERS", "4")
            .with("LEASE_SECONDS", "3");
    NoopJobs.writeDocuments(failedOver.documents(), "doc", DOCUMENTS);
    try (RedisSentinels redis = RedisSentinels.start(failedOver.work().resolve("redis"));
        OwnNode node = failedOver.on(redis).start()) {
      ApiClient api = node.api();
      ApiClient management = node.management();
      int firstMaster = redis.masterPort();
      String id = NoopJobs.submit(api, "doc", DOCUMENTS, 0, NoopJobs.delay(250));
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> api.get("/jobs/" + id).json().getInt("completed_tasks") >= 10);

      redis.master().crash();
      await().atMost(Duration.ofSeconds(30)).until(() -> redis.masterPort() != firstMaster);

      assertEquals(redis.replica().port(), redis.masterPort());
      JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(DOCUMENTS, job.getInt("completed_tasks"), job.toString());
      assertEquals(0, job.getInt("failed_tasks"), job.toString());
      JsonObject results = api.get("/jobs/" + id + "/results?limit=100").json();
      Set<Integer> indexes = new HashSet<>();
      results.getJsonArray("results").forEach(r -> indexes.add(r.asJsonObject().getInt("index")));
      assertEquals(DOCUMENTS, indexes.size(), results.toString());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> management.get("/health/ready").status() == 200);
      assertNotEquals(firstMaster, redis.masterPort());
    }
  }
}
