package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.PoolReadings;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * A node told to stop (SIGTERM) takes no more work, lets the documents it runs finish within {@code
 * SHUTDOWN_GRACE_SECONDS}, and hands back to the queue those that cannot: the job still ends with
 * every document done once.
 */
class GracefulShutdownIT {

  private static final int DOCUMENTS = 12;

  @Test
  void aStoppingNodeFinishesWhatItCanAndHandsBackTheRest() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("graceful-shutdown")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("FEATURES_AUTOSCALING", "false")
            .with("NOOP_WORKERS", "2");
    NoopJobs.writeDocuments(nodes.documents(), "doc", DOCUMENTS);
    try (RedisServer redis = RedisServer.start(nodes.work().resolve("redis"))) {
      nodes.on(redis);
      try (OwnNode coordinator = nodes.start()) {
        ApiClient api = coordinator.api();

        OwnNode patient = nodes.with("SHUTDOWN_GRACE_SECONDS", "30").start();
        String shortJob = NoopJobs.submit(api, "doc", DOCUMENTS, 0, NoopJobs.delay(2_500));
        String patientLog = stopWhileBusy(patient);
        assertTrue(
            patientLog.contains(
                "DOCBATCH-0603 Worker pools stopped: 2 running documents finished in the grace"
                    + " period, 0 partitions handed back"),
            patientLog);

        // Documents that outlast the grace period, first in line (priority 10): the new node
        // takes two of them as soon as they are queued.
        OwnNode hasty = nodes.with("SHUTDOWN_GRACE_SECONDS", "0.5").start();
        String longJob = NoopJobs.submit(api, "doc", 4, 10, NoopJobs.delay(10_000));
        String hastyLog = stopWhileBusy(hasty);
        assertTrue(
            hastyLog.contains(
                "DOCBATCH-0603 Worker pools stopped: 0 running documents finished in the grace"
                    + " period, 2 partitions handed back"),
            hastyLog);

        for (String id : new String[] {shortJob, longJob}) {
          JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
          assertEquals("COMPLETED", job.getString("status"), job.toString());
          assertEquals(job.getInt("total_tasks"), job.getInt("completed_tasks"), job.toString());
          assertEquals(0, job.getInt("failed_tasks"), job.toString());
        }
      }
    }
  }

  /** Waits until the node runs two documents, sends SIGTERM, and returns its log. */
  private static String stopWhileBusy(OwnNode node) throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> PoolReadings.of(node.management(), "noop").busy() == 2);
    OptionalInt exit = node.server().terminate(Duration.ofSeconds(45));
    assertTrue(exit.isPresent(), "the node stopped within its grace period and then some");
    return Files.readString(node.server().log());
  }
}
