package org.docbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;
import org.junit.jupiter.api.Test;

/**
 * A settled job's artifacts are measured once; anything that may still write is measured each time.
 */
class SettledJobBytesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private final SettledJobBytes settled = new SettledJobBytes();
  private final AtomicInteger measured = new AtomicInteger();
  private long weight = 1000;

  @Test
  void aJobFinishedAWhileAgoIsMeasuredOnce() throws Exception {
    JobRecord done = job(JobStatus.COMPLETED, NOW.minusSeconds(60));

    assertEquals(1000, settled.of(done, NOW, this::measure));
    weight = 5000; // what storage would say now: the remembered figure stands
    assertEquals(1000, settled.of(done, NOW, this::measure));
    assertEquals(1, measured.get());
  }

  @Test
  void aRunningOrJustFinishedJobIsMeasuredEachTime() throws Exception {
    JobRecord running = job(JobStatus.RUNNING, null);
    JobRecord justDone = job(JobStatus.CANCELLED, NOW.minusSeconds(5));

    settled.of(running, NOW, this::measure);
    settled.of(running, NOW, this::measure);
    settled.of(justDone, NOW, this::measure);
    weight = 2000;

    assertEquals(2000, settled.of(justDone, NOW, this::measure));
    assertEquals(4, measured.get());
  }

  @Test
  void aRetriedJobIsMeasuredAgainOnceItFinishesAgain() throws Exception {
    settled.of(job(JobStatus.FAILED, NOW.minusSeconds(600)), NOW, this::measure);
    weight = 3000; // the retry wrote more

    long again = settled.of(job(JobStatus.COMPLETED, NOW.minusSeconds(60)), NOW, this::measure);

    assertEquals(3000, again);
    assertEquals(2, measured.get());
  }

  private long measure(String jobId) {
    measured.incrementAndGet();
    return weight;
  }

  private static JobRecord job(JobStatus status, Instant finishedAt) {
    return new JobRecord(
        "job-1",
        "ocr",
        status,
        0,
        "{}",
        1,
        0,
        0,
        NOW.minusSeconds(3600).toString(),
        null,
        finishedAt == null ? null : finishedAt.toString(),
        null,
        null,
        0,
        "node-1",
        0,
        null,
        "alice",
        "users/alice",
        null,
        0,
        true);
  }
}
