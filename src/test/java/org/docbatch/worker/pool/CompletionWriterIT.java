package org.docbatch.worker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionQueues;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobStores;
import org.docbatch.store.JobSubmission;
import org.docbatch.store.JobType;
import org.docbatch.store.TaskRuns;
import org.docbatch.testing.RedisServer;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The ends of partition runs, written many at a time against a real Redis: every outcome once,
 * every lease released, every coordinator told, and what was handed over while Redis was away
 * written when it is back.
 */
@ExtendWith(TestRedis.class)
class CompletionWriterIT {

  private static final String TYPE = "noop";
  private static final String INBOX = "test:inbox:{node@1}";

  private RedisClient redis;
  private PartitionQueue queue;
  private JobStore store;
  private JobResults results;
  private CompletionWriter writer;

  /** What each outcome's caller was told, in the order told: "<index> recorded" or not. */
  private final List<String> told = new CopyOnWriteArrayList<>();

  private int runs;

  /** Run ends the writer says it wrote, batch after batch. */
  private final AtomicInteger batches = new AtomicInteger();

  @BeforeEach
  void setUp(RedisClient redis) {
    this.redis = redis;
    redis.flushAll();
    queue = PartitionQueues.over(redis, System::currentTimeMillis, 1);
    store = JobStores.over(redis, "test:");
    results = JobStores.resultsOf(store);
    DocumentOutcomes outcomes = JobStores.outcomesIn(results);
    writer =
        new CompletionWriter(
            redis,
            queue,
            new CoordinatorInbox(),
            outcomes,
            JobStores.taskRunsOf(store),
            Thread::new,
            batches::addAndGet);
    writer.start();
  }

  @AfterEach
  void stopWriter() {
    writer.stop(System.currentTimeMillis());
  }

  /** Issue 24: a task shows its worker while it runs, not once its run has ended. */
  @Test
  void aRunsStartIsWrittenAtOnceWithNoRunEndToCarryIt() {
    JobRecord job = store.create(submission(1), "test-node");
    TaskRuns.Started start =
        JobStores.taskRunsOf(store).started("1", job.id(), "0", TYPE, "test-node", "noop-7", 2);

    writer.started(start);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> redis.hget("test:job:{" + job.id() + "}:tasks", "0") != null);
    TaskRuns.Start written = JobStores.taskRunsOf(store).starts(job.id(), List.of("0")).get(0);
    assertEquals(List.of("noop-7", "test-node"), List.of(written.worker(), written.node()));
    assertEquals(2, written.attempt());
    assertEquals(0, batches.get(), "no run end was written");
    assertEquals(0, writer.unwritten());
  }

  @Test
  void runEndsHandedOverTogetherAreEachWrittenOnceAndTheCoordinatorHearsOfEach() {
    JobRecord job = store.create(submission(300), "test-node");
    queue.enqueue(TYPE, IntStream.range(0, 300).mapToObj(this::partition).toList());
    List<PartitionQueue.Lease> leases = queue.take(TYPE, 300, 60_000);

    for (int i = 0; i < leases.size(); i++) {
      handOver(job, leases.get(i), i, i % 10 != 0);
    }
    handOver(job, leases.get(0), 0, true); // it ran twice: the first outcome stays

    await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 301);
    assertEquals(301, redis.llen(INBOX), "a done message for each run");
    assertEquals(301, batches.get(), "every run end counted in the batches written");
    assertEquals(0, writer.unwritten());
    assertEquals(0, redis.zcard("test:queue:{noop}:leases"), "every lease released");
    assertEquals(0, redis.hlen("test:queue:{noop}:holders"));
    JobRecord after = store.find(job.id()).orElseThrow();
    assertEquals(270, after.completedTasks());
    assertEquals(30, after.failedTasks());
    assertEquals(300, told.stream().filter(t -> !t.contains("not")).count());
    assertTrue(told.contains("0 not recorded"), told.toString());
    assertEquals("{\"run\":0}", results.results(job.id(), 0, 1).get(0));
  }

  @Test
  void runEndsHandedOverWhileRedisIsAwayAreWrittenWhenItIsBack(@TempDir Path dir) throws Exception {
    try (RedisServer server = RedisServer.start(dir, true);
        RedisClient client = server.client()) {
      writer.stop(System.currentTimeMillis());
      redis = client;
      setUp(client);
      JobRecord job = store.create(submission(2), "test-node");
      queue.enqueue(TYPE, List.of(partition(0), partition(1)));
      List<PartitionQueue.Lease> leases = queue.take(TYPE, 2, 60_000);

      server.crash();
      handOver(job, leases.get(0), 0, true);
      handOver(job, leases.get(1), 1, false);
      server.restart();

      await().atMost(Duration.ofSeconds(20)).until(() -> told.size() == 2);
      assertEquals(List.of("D\t1\t0", "D\t1\t1"), client.lrange(INBOX, 0, -1));
      JobRecord after = store.find(job.id()).orElseThrow();
      assertEquals(1, after.completedTasks());
      assertEquals(1, after.failedTasks());
      assertEquals(0, client.zcard("test:queue:{noop}:leases"));
    }
  }

  private void handOver(JobRecord job, PartitionQueue.Lease lease, int index, boolean succeeded) {
    List<DocumentOutcomes.Held> outcomes = new ArrayList<>();
    outcomes.add(
        new DocumentOutcomes.Held(
            job.id(),
            index,
            succeeded,
            "{\"run\":" + runs++ + "}",
            recorded -> told.add(index + (recorded ? " recorded" : " not recorded"))));
    writer.add(
        new CompletionWriter.Completion(
            TYPE, lease, new CoordinatorInbox.Done(INBOX, "D\t1\t" + index), outcomes));
  }

  private PartitionRef partition(int id) {
    return new PartitionRef(
        0, 1, 1, id, TYPE, "step", "node@1", false, Map.of("index", Integer.toString(id)));
  }

  private static JobSubmission submission(int documents) {
    List<String> names = IntStream.range(0, documents).mapToObj(i -> "d" + i + ".txt").toList();
    return new JobSubmission(JobType.VALIDATION, names, JsonValue.EMPTY_JSON_OBJECT, 0);
  }
}
