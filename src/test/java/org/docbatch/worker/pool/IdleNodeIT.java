package org.docbatch.worker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.CommandStats;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * An idle node costs Redis little: its pools look at their queues about once a second, not ten
 * times, since partitions queued on any node wake them (dispatch/queue/QueuedAnywhere); and another
 * node's idle pool still takes up a job submitted to one node.
 */
class IdleNodeIT {

  @Test
  void anIdleNodeLooksAtItsQueuesAboutOnceASecondAPool() throws Exception {
    try (OwnNode node = OwnNode.in("idle-node").with("NOOP_JOBS_ENABLED", "true").start();
        RedisClient redis = node.redis().client()) {
      // Idle long enough for every pool's wait to grow to its longest.
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      CommandStats.reset(redis);
      await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
      long scripts = CommandStats.scriptCalls(redis);
      // Five pools (validation, preprocessing, ocr, nlp, noop) once a second, plus the node's
      // heartbeat and sweeps: about 50 in 5 s; polling ten times a second a pool was about 250.
      assertTrue(scripts < 100, scripts + " scripts in 5 s on an idle node");
    }
  }

  @Test
  void anotherNodesIdlePoolTakesUpAJobSubmittedToOne() throws Exception {
    OwnNode.Builder first = OwnNode.in("idle-node-a").with("NOOP_JOBS_ENABLED", "true");
    NoopJobs.writeDocuments(first.documents(), "doc", 4);
    try (OwnNode a = first.with("NOOP_WORKERS", "1").start();
        OwnNode b =
            OwnNode.at(a.work().resolve("b"))
                .on(a.redis())
                .with("DOCUMENT_ROOT", a.documents().toString())
                .with("NOOP_JOBS_ENABLED", "true")
                .with("NOOP_WORKERS", "4")
                .start()) {
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      ApiClient api = a.api();
      // Four documents of 2 s each on a node with one noop worker: done in under 4 s only if the
      // other node's idle pool took some of them (8 s on the first node alone).
      long start = System.nanoTime();
      String id = NoopJobs.submit(api, "doc", 4, 0, NoopJobs.delay(2_000));
      JsonObject job = api.awaitFinished(id, Duration.ofMinutes(1));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertTrue(seconds < 3.6, "4 documents of 2 s took " + seconds + " s over two nodes");
    }
  }
}
