package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * Redis killed in the middle of a job and started again: readiness goes DOWN while it is away and
 * UP when it is back, without a restart of docbatch, the job completes with every document done
 * once, and the node logs the outage once per loop, not once per attempt. A node that starts while
 * Redis is away starts all the same and is ready once Redis is back.
 */
class RedisOutageIT {

  private static final int DOCUMENTS = 30;

  @Test
  void aJobOutlivesARedisRestart() throws Exception {
    OwnNode.Builder outage = OwnNode.in("redis-outage").persistentRedis();
    NoopJobs.writeDocuments(outage.documents(), "doc", DOCUMENTS);
    try (OwnNode node =
        outage
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "2")
            .with("LEASE_SECONDS", "3")
            .start()) {
      ApiClient api = node.api();
      ApiClient management = node.management();
      RedisServer redis = node.redis();
      String id = NoopJobs.submit(api, "doc", DOCUMENTS, 0, NoopJobs.delay(300));
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> api.get("/jobs/" + id).json().getInt("completed_tasks") >= 5);

      redis.crash();
      // Down for a while, not a blip: the node's loops back off, its running partitions fail.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> management.get("/health/ready").status() == 503);
      String down = management.get("/health/ready").body();
      assertTrue(down.matches("(?s).*\"name\":\"redis\",\"status\":\"DOWN\".*"), down);

      redis.restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> management.get("/health/ready").status() == 200);

      JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(DOCUMENTS, job.getInt("completed_tasks"), job.toString());
      assertEquals(0, job.getInt("failed_tasks"), job.toString());
      long outageLines =
          Files.readString(node.server().log())
              .lines()
              .filter(l -> l.contains("DOCBATCH-0505"))
              .count();
      assertTrue(outageLines <= 10, outageLines + " lines about the outage: one per loop at most");
    }
  }

  @Test
  void aNodeStartedWhileRedisIsAwayIsReadyOnceItIsBack() throws Exception {
    try (OwnNode node = OwnNode.in("redis-away-at-start").launch()) {
      // Away before the application deploys: the JVM alone takes seconds to get there.
      node.redis().crash();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(node.server().log()).matches("(?s).*WFLYSRV002[56].*"));
      String log = Files.readString(node.server().log());
      // The management model reads the repository as the deployment's metrics are registered: a
      // failure there was a boot error, and WildFly's readiness stays DOWN for boot errors.
      assertTrue(!log.contains("WFLYSRV0026"), "the server started with errors");
      assertEquals(503, node.management().get("/health/ready").status());

      node.redis().restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> node.management().get("/health/ready").status() == 200);
    }
  }
}
