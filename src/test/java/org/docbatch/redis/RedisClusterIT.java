package org.docbatch.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisCluster;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * docbatch on a 3-master Redis Cluster ({@code REDIS_URL=redis-cluster://...}): jobs run, cancel
 * and retry through a node as on one Redis, and their keys spread over the masters. That every
 * script's keys share a hash tag (queue, dead letters, job store, JSR-352 repository) is the
 * contract suites' to show: {@code PartitionQueueOnClusterIT}, {@code JobStoreOnClusterIT}, {@code
 * RedisJobRepositoryOnClusterIT}.
 */
class RedisClusterIT {

  private static RedisCluster cluster;
  private static OwnNode node;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    OwnNode.Builder clustered =
        OwnNode.in("redis-cluster")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "4")
            .with("NOOP_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.1");
    NoopJobs.writeDocuments(clustered.documents(), "doc", 40);
    cluster = RedisCluster.start(clustered.work().resolve("redis"), 3);
    node = clustered.on(cluster).start();
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void jobsCompleteWithEachDocumentOnceAndTheirKeysSpreadOverTheMasters() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(NoopJobs.submit(api, "doc", 40, i % 3, NoopJobs.delay(0)));
    }

    for (String id : ids) {
      JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(40, job.getInt("completed_tasks"), job.toString());
      JsonObject results = api.get("/jobs/" + id + "/results?limit=100").json();
      Set<Integer> indexes = new HashSet<>();
      results.getJsonArray("results").forEach(r -> indexes.add(r.asJsonObject().getInt("index")));
      assertEquals(40, indexes.size(), results.toString());
    }
    List<String> listed =
        api.get("/jobs?limit=100").json().getJsonArray("jobs").stream()
            .map(job -> job.asJsonObject().getString("job_id"))
            .toList();
    assertTrue(listed.containsAll(ids), listed.toString());
    int mastersWithKeys = 0;
    for (RedisServer master : cluster.masters()) {
      try (RedisClient client = master.client()) {
        mastersWithKeys += client.dbSize() > 0 ? 1 : 0;
      }
    }
    assertTrue(mastersWithKeys >= 2, "keys on " + mastersWithKeys + " of 3 masters");
  }

  @Test
  void aCancelledJobStopsAndARetryRunsWhatDidNotRun() {
    String id = NoopJobs.submit(api, "doc", 40, 0, NoopJobs.delay(500));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> api.get("/jobs/" + id).json().getInt("completed_tasks") >= 2);

    assertEquals(200, api.delete("/jobs/" + id).status());
    JsonObject cancelled = api.awaitFinished(id, Duration.ofMinutes(1));
    assertEquals("CANCELLED", cancelled.getString("status"), cancelled.toString());
    assertTrue(cancelled.getInt("completed_tasks") < 40, cancelled.toString());

    assertEquals(202, api.post("/jobs/" + id + "/retry", "").status());
    JsonObject retried =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> api.get("/jobs/" + id).json(),
                j -> j.containsKey("finished_at") && "COMPLETED".equals(j.getString("status")));
    assertEquals(40, retried.getInt("completed_tasks"), retried.toString());
  }
}
