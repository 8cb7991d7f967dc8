package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.PoolReadings;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * A node's pool grows with its queue, never beyond {@code max_workers}, and shrinks back to {@code
 * min_workers} once idle; each decision is logged with its reason and counted.
 */
class AutoscalingIT {

  private static final int DOCUMENTS = 40;

  @Test
  void aPoolGrowsWithItsQueueAndShrinksWhenIdle() throws Exception {
    Path work =
        Path.of(System.getProperty("docbatch.test-work", "target/it-work"))
            .toAbsolutePath()
            .resolve("autoscaling");
    Path documents = work.resolve("documents");
    NoopJobs.writeDocuments(documents, "doc", DOCUMENTS);
    try (RedisServer redis = RedisServer.start(work.resolve("redis"));
        DocbatchServer node =
            DocbatchServer.start(
                work,
                // cpu_limit 1: the machine is shared, and its load must not hold the pool back here
                Map.of(
                    "REDIS_URL", redis.url(),
                    "DOCUMENT_ROOT", documents.toString(),
                    "OUTPUT_ROOT", work.resolve("output").toString(),
                    "NOOP_JOBS_ENABLED", "true",
                    "NOOP_MIN_WORKERS", "1",
                    "NOOP_WORKERS", "4",
                    "AUTOSCALING_INTERVAL", "1",
                    "NOOP_CPU_LIMIT", "1"))) {
      ApiClient api = new ApiClient(node::api);
      ApiClient management = new ApiClient(node::management);
      assertEquals(1, PoolReadings.of(management, "noop").workers(), "starts at min_workers");

      String id = NoopJobs.submit(api, "doc", DOCUMENTS, 0, NoopJobs.delay(300));
      AtomicInteger most = new AtomicInteger();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> most.accumulateAndGet(workers(management), Math::max) == 4);
      JsonObject job =
          await()
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    most.accumulateAndGet(workers(management), Math::max);
                    return api.get("/jobs/" + id).json();
                  },
                  j -> j.containsKey("finished_at"));

      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(DOCUMENTS, job.getInt("completed_tasks"));
      assertEquals(4, most.get(), "never beyond max_workers");
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> workers(management) == 1);
      String log = Files.readString(node.log());
      assertTrue(log.contains("DOCBATCH-0605 Pool noop grows from 1 to 4 workers"), log);
      assertTrue(log.contains("DOCBATCH-0605 Pool noop shrinks"), "shrinking is logged");
      String metrics = management.get("/metrics").body();
      assertTrue(
          metrics.matches(
              "(?s).*docbatch_autoscaler_decisions_total\\{[^}]*change=\"grow\"[^}]*worker_type=\"noop\"[^}]*\\} [1-9].*"),
          metrics);
    }
  }

  private static int workers(ApiClient management) {
    return PoolReadings.of(management, "noop").workers();
  }
}
