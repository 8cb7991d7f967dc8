package org.docbatch.dispatch.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.DeadLetters;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionQueues;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Issue 22: dead letters were listed with one HGET each and unpaged, never expired, were looked up
 * by scanning every one, and a document that died between being dead-lettered and having its end
 * reported left its job RUNNING for ever. Against a real Redis.
 */
@ExtendWith(TestRedis.class)
class DeadLettersIT {

  private static final String TYPE = "ocr";
  private RedisClient redis;
  private PartitionQueue queue;
  private DeadLetters deadLetters;
  private final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeEach
  void setUp(RedisClient redis) {
    this.redis = redis;
    redis.flushAll();
    queue = PartitionQueues.over(redis, now::get, 0.05);
    deadLetters = PartitionQueues.deadLettersOver(redis);
  }

  @Test
  void deadLettersAreListedAPageAtATimeWithTheirErrorsAndFoundByJob() {
    for (int i = 0; i < 5; i++) {
      deadLetter(document(1, "job-1", i), "boom " + i);
    }
    deadLetter(document(2, "job/2", 0), "boom job 2"); // a job id that URL-encoding changes
    deadLetter(document(2, "job/2", 1), "boom job 2 again");

    DeadLetters.Page first = deadLetters.list(List.of(TYPE, "nlp"), 0, 3);
    DeadLetters.Page second = deadLetters.list(List.of(TYPE, "nlp"), 3, 3);
    DeadLetters.Page last = deadLetters.list(List.of(TYPE, "nlp"), 6, 3);

    assertEquals(7, first.total());
    assertEquals(List.of("boom 0", "boom 1", "boom 2"), errors(first.entries()));
    assertEquals(List.of("boom 3", "boom 4", "boom job 2"), errors(second.entries()));
    assertEquals(List.of("boom job 2 again"), errors(last.entries()));
    assertEquals(
        List.of("boom job 2", "boom job 2 again"), errors(deadLetters.ofJob(TYPE, "job/2")));
    assertEquals(5, deadLetters.ofJob(TYPE, "job-1").size());
    assertEquals(List.of(), deadLetters.ofJob(TYPE, "job"), "a prefix of a job id is not the job");
  }

  @Test
  void aJobsDeadLettersGoWithIt() {
    deadLetter(document(1, "job-1", 0), "boom");
    deadLetter(document(1, "job-2", 0), "boom");

    deadLetters.discardJob(TYPE, "job-1");

    assertEquals(List.of(), deadLetters.ofJob(TYPE, "job-1"));
    assertEquals(1, deadLetters.list(List.of(TYPE), 0, 10).total());
    assertEquals(1, redis.zcard("test:queue:{ocr}:dead-by-job"));
    assertEquals(1, redis.hlen("test:queue:{ocr}:dead-errors"));
  }

  @Test
  void aDiscardedDeadLetterLeavesTheIndexByJob() {
    deadLetter(document(1, "job-1", 0), "boom");
    DeadLetters.Entry entry = deadLetters.ofJob(TYPE, "job-1").get(0);

    deadLetters.discard(entry);

    assertEquals(0, redis.zcard("test:queue:{ocr}:dead-by-job"));
    assertEquals(0, deadLetters.list(List.of(TYPE), 0, 10).total());
  }

  /**
   * The worker dead-lettered the partition (one script), then its node died (or Redis blipped)
   * before the document's outcome and the coordinator's done message were written: the step waited
   * for ever. The coordinator now finds it among its job's dead letters.
   */
  @Test
  void aDeadLetterWhoseEndNeverReachedItsCoordinatorIsEndedByTheCoordinator() {
    deadLetter(document(7, "job-1", 0), "boom");
    deadLetter(document(7, "job-1", 1), PartitionQueue.KILLED_ON_EVERY_ATTEMPT);
    deadLetter(document(6, "job-1", 2), "an older execution's"); // not this step's
    Step step = new Step("job-1", 7);
    step.partitionDone(0, BatchStatus.COMPLETED, "DEAD_LETTER"); // its end did arrive
    List<DeadLetter> recorded = new ArrayList<>();
    StrandedDeadLetters stranded = new StrandedDeadLetters();
    stranded.deadLetters = deadLetters;
    stranded.outcomes = recorded::add;

    assertEquals(1, stranded.reconcile(List.of(step)));
    assertEquals(0, stranded.reconcile(List.of(step)), "once");

    assertTrue(step.isDone(1));
    assertEquals(1, recorded.size());
    assertEquals(DeadLetter.WORKER_KILLED, recorded.get(0).code());
    assertEquals(1, recorded.get(0).partition().partitionId());
  }

  private void deadLetter(PartitionRef partition, String error) {
    queue.enqueue(TYPE, List.of(partition));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000, 1).leases().get(0);
    assertTrue(queue.fail(TYPE, lease, 1, error));
    now.addAndGet(1);
  }

  private static List<String> errors(List<DeadLetters.Entry> entries) {
    return entries.stream().map(DeadLetters.Entry::error).toList();
  }

  private static PartitionRef document(long execution, String jobId, int index) {
    return new PartitionRef(
        0,
        execution,
        execution,
        index,
        TYPE,
        "step",
        "node@1",
        false,
        Map.of("jobId", jobId, "index", Integer.toString(index)));
  }

  /** A coordinator's step over the partitions of execution {@code step} of job {@code jobId}. */
  private static final class Step implements WaitingStep {
    private final String jobId;
    private final long stepExecutionId;
    private final BitSet done = new BitSet();

    Step(String jobId, long stepExecutionId) {
      this.jobId = jobId;
      this.stepExecutionId = stepExecutionId;
    }

    @Override
    public String jobId() {
      return jobId;
    }

    @Override
    public String queueType() {
      return TYPE;
    }

    @Override
    public long stepExecutionId() {
      return stepExecutionId;
    }

    @Override
    public boolean isDone(int partitionId) {
      return done.get(partitionId);
    }

    @Override
    public void partitionDone(int partitionId, BatchStatus status, String exitStatus) {
      done.set(partitionId);
    }
  }
}
