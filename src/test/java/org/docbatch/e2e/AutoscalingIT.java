package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.PoolReadings;
import org.junit.jupiter.api.Test;

/**
 * A node's pool grows with its queue, never beyond {@code max_workers}, and shrinks back to {@code
 * min_workers} once idle; each decision is logged with its reason and counted.
 */
class AutoscalingIT {

  private static final int DOCUMENTS = 40;

  @Test
  void aPoolGrowsWithItsQueueAndShrinksWhenIdle() throws Exception {
    OwnNode.Builder autoscaled = OwnNode.in("autoscaling");
    NoopJobs.writeDocuments(autoscaled.documents(), "doc", DOCUMENTS);
    try (OwnNode node =
        autoscaled
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_MIN_WORKERS", "1")
            .with("NOOP_WORKERS", "4")
            .with("AUTOSCALING_INTERVAL", "1")
            // cpu_limit 1: the machine is shared, and its load must not hold the pool back here
            .with("NOOP_CPU_LIMIT", "1")
            .start()) {
      ApiClient api = node.api();
      ApiClient management = node.management();
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
      String log = Files.readString(node.server().log());
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
