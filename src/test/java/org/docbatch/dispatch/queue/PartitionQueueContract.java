package org.docbatch.dispatch.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisScript;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the dispatcher's queue promises, whatever Redis it runs on: order, aging, leases, retries,
 * dead letters. Its scripts and the dead letters' are run against a real Redis of each topology by
 * a subclass marked with it ({@link PartitionQueueOnRedisIT}, {@link PartitionQueueOnSentinelIT},
 * {@link PartitionQueueOnClusterIT}), started once for the class.
 */
@ExtendWith(TestRedis.class)
abstract class PartitionQueueContract {

  private static final String TYPE = "noop";
  private UnifiedJedis redis;
  private PartitionQueue queue;
  private DeadLetters deadLetters;
  private final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeEach
  void setUp(UnifiedJedis redis) {
    this.redis = redis;
    redis.flushAll();
    queue = PartitionQueues.over(redis, now::get, 0.05);
    deadLetters = new DeadLetters();
    deadLetters.redis = redis;
    deadLetters.keys = queue.keys;
  }

  /** Time passes for the queue's scripts without the test sleeping. */
  private void advance(long millis) {
    now.addAndGet(millis);
  }

  @Test
  void higherPriorityFirstThenFirstComeFirstServed() {
    queue.enqueue(TYPE, List.of(partition(0, 1), partition(0, 2)));
    advance(2);
    queue.enqueue(TYPE, List.of(partition(5, 3), partition(-10, 4)));
    advance(2);
    queue.enqueue(TYPE, List.of(partition(10, 5), partition(0, 6)));

    List<Integer> order = taken(queue.take(TYPE, 10, 60_000));

    assertEquals(List.of(5, 3, 1, 2, 6, 4), order);
  }

  @Test
  void lowPriorityWorkIsNotStarvedByNewerHighPriorityWork() {
    queue.agingSeconds = 0.01; // 10 ms of waiting is worth one priority level
    queue.enqueue(TYPE, List.of(partition(-10, 1)));
    advance(250); // more than 20 levels' worth

    queue.enqueue(TYPE, List.of(partition(10, 2)));

    assertEquals(List.of(1, 2), taken(queue.take(TYPE, 2, 60_000)));
  }

  @Test
  void aWorkerTakesOnlyWhatItHasRoomFor() {
    queue.enqueue(TYPE, List.of(partition(0, 1), partition(0, 2), partition(0, 3)));

    assertEquals(2, queue.take(TYPE, 2, 60_000).size());
    assertEquals(1, queue.waiting(TYPE));
  }

  @Test
  void aLostLeaseGoesBackToTheQueueThenToTheDeadLetters() {
    queue.enqueue(TYPE, List.of(partition(0, 1)));
    String member = queue.take(TYPE, 1, 1).get(0).member();
    advance(5);

    assertEquals(List.of(), queue.reapExpired(TYPE, 2), "first loss: queued again");
    assertEquals(1, queue.waiting(TYPE));
    assertEquals(List.of(), queue.take(TYPE, 1, 1), "not before its backoff");
    advance(100);
    String again = queue.take(TYPE, 1, 1).get(0).member();
    assertEquals(member, again, "the same partition, after its backoff");
    advance(5);

    assertEquals(List.of(member), queue.reapExpired(TYPE, 2), "second loss: dead");
    assertEquals(0, queue.waiting(TYPE));
    assertEquals(1, redis.zcard("test:queue:{noop}:dead"));
  }

  @Test
  void aDeadLetterIsListedWithItsErrorUntilItIsDiscarded() {
    queue.enqueue(TYPE, List.of(partitionOfJob(1), partitionOfJob(2)));
    for (PartitionQueue.Lease lease : queue.take(TYPE, 2, 60_000)) {
      int id = PartitionRef.decode(lease.member()).partitionId();
      assertTrue(queue.fail(TYPE, lease, 1, "crashed on purpose: " + id));
    }

    assertEquals(2, deadLetters.list(List.of(TYPE)).size());
    DeadLetters.Entry first = deadLetters.find(List.of(TYPE), "noop.1.1.1").orElseThrow();
    assertEquals("crashed on purpose: 1", first.error());
    assertEquals(partitionOfJob(1), first.partition());

    deadLetters.discard(first);
    assertEquals(List.of("crashed on purpose: 2"), errors(deadLetters.list(List.of(TYPE))));
    assertEquals(1, redis.hlen("test:queue:{noop}:dead-errors"), "its error went with it");
    deadLetters.discardJob(TYPE, "job-2");
    assertEquals(List.of(), deadLetters.list(List.of(TYPE)));
    assertEquals(0, redis.zcard("test:queue:{noop}:dead"));
  }

  @Test
  void aRenewedLeaseIsNotReapedAndACompletedPartitionIsGone() {
    queue.enqueue(TYPE, List.of(partition(0, 1)));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 200).get(0);
    advance(150);
    queue.renew(TYPE, List.of(lease), 60_000);
    advance(100);

    assertEquals(List.of(), queue.reapExpired(TYPE, 1));
    assertEquals(0, queue.waiting(TYPE), "still held");

    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      queue.complete(pipeline, TYPE, List.of(lease), null, List.of());
      pipeline.sync();
    }
    assertEquals(0, redis.zcard("test:queue:{noop}:leases"));
  }

  @Test
  void aWorkerThatLostItsLeaseDoesNotReleaseTheNextHolders() {
    queue.enqueue(TYPE, List.of(partition(0, 1)));
    PartitionQueue.Lease slow = queue.take(TYPE, 1, 1).get(0);
    advance(5);
    queue.reapExpired(TYPE, 3);
    advance(100);
    PartitionQueue.Lease next = queue.take(TYPE, 1, 60_000).get(0);

    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      queue.complete(pipeline, TYPE, List.of(slow), null, List.of());
      pipeline.sync();
    }
    queue.renew(TYPE, List.of(slow), 1);
    assertFalse(queue.fail(TYPE, slow, 1, "late"), "a lost lease changes nothing");

    assertEquals(1, redis.zcard("test:queue:{noop}:leases"), "the next holder keeps its lease");
    assertEquals(List.of(), queue.reapExpired(TYPE, 3));
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      queue.complete(pipeline, TYPE, List.of(next), null, List.of());
      pipeline.sync();
    }
    assertEquals(0, redis.zcard("test:queue:{noop}:leases"));
  }

  @Test
  void aFailedRunIsRetriedUntilItsAttemptsAreUsedUp() {
    queue.enqueue(TYPE, List.of(partition(0, 1)));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000).get(0);

    assertFalse(queue.fail(TYPE, lease, 2, "boom 1"));
    advance(100);
    PartitionQueue.Lease again = queue.take(TYPE, 1, 60_000).get(0);
    assertTrue(queue.fail(TYPE, again, 2, "boom 2"));

    // Each lease says which attempt it is (a task's attempts in the API).
    assertEquals(List.of(1, 2), List.of(lease.attempt(), again.attempt()));
    assertEquals("boom 2", redis.hget("test:queue:{noop}:dead-errors", lease.member()));
  }

  @Test
  void partitionsTakenTogetherEachGetALeaseWithATokenOfItsOwn() {
    queue.enqueue(TYPE, List.of(partition(0, 1), partition(0, 2), partition(0, 3)));
    PartitionQueue.Lease first = queue.take(TYPE, 1, 60_000).get(0);

    List<PartitionQueue.Lease> together = queue.take(TYPE, 2, 60_000);

    List<PartitionQueue.Lease> leases = new ArrayList<>(together);
    leases.add(first);
    assertEquals(3, leases.stream().map(PartitionQueue.Lease::token).distinct().count());
    assertEquals(3, redis.zcard("test:queue:{noop}:leases"));
    for (PartitionQueue.Lease lease : leases) {
      assertEquals(lease.token(), redis.hget("test:queue:{noop}:holders", lease.member()));
    }
  }

  @Test
  void completingSeveralWithDoneMessagesReleasesTheLeasesHeldAndTellsTheCoordinatorOfAll() {
    assumeTrue(inboxInReach(), "on a Redis Cluster the completion writer sends the messages");
    queue.enqueue(TYPE, List.of(partition(0, 1), partition(0, 2), partition(0, 3)));
    List<PartitionQueue.Lease> leases = queue.take(TYPE, 3, 60_000);
    PartitionQueue.Lease lost = new PartitionQueue.Lease(leases.get(1).member(), "0");
    String inbox = "test:inbox:{node@1}";

    RedisScript.Queued released;
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      released =
          queue.complete(
              pipeline,
              TYPE,
              List.of(leases.get(0), lost, leases.get(2)),
              inbox,
              List.of("first", "second", "third"));
      pipeline.sync();
    }

    assertEquals(2L, released.get(), "the two leases still held");
    assertEquals(List.of("first", "second", "third"), redis.lrange(inbox, 0, -1));
    assertTrue(redis.ttl(inbox) > 0, "the list it made expires");
    assertEquals(1, redis.zcard("test:queue:{noop}:leases"), "the lost lease's holder keeps it");
    assertEquals(
        leases.get(1).token(),
        redis.hget("test:queue:{noop}:holders", leases.get(1).member()),
        "and its token");
  }

  @Test
  void aRenewalExtendsOnlyTheLeasesStillHeld() {
    queue.enqueue(TYPE, List.of(partition(0, 1), partition(0, 2)));
    List<PartitionQueue.Lease> leases = queue.take(TYPE, 2, 100);
    PartitionQueue.Lease lost = new PartitionQueue.Lease(leases.get(1).member(), "0");

    assertEquals(1, queue.renew(TYPE, List.of(leases.get(0), lost), 60_000), "one still held");
    advance(200);

    assertTrue(queue.holds(TYPE, leases.get(0)), "renewed");
    assertFalse(queue.holds(TYPE, leases.get(1)), "run out, though not yet reaped");
    assertFalse(queue.holds(TYPE, lost), "another token");
    List<String> expired = new ArrayList<>(queue.reapExpired(TYPE, 1));
    assertEquals(List.of(leases.get(1).member()), expired, "only the one not renewed ran out");
    assertFalse(queue.holds(TYPE, leases.get(1)), "reaped");
  }

  @Test
  void aPipelinedScriptRedisForgotRunsAgainWhenItsReplyIsRead() {
    queue.enqueue(TYPE, List.of(partition(0, 1)));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000).get(0);
    queue.renew(TYPE, List.of(lease), 60_000); // the release script is known to Redis now
    redis.scriptFlush(); // as after a restart of Redis

    // With the done message where the script can write it; on a Redis Cluster, without.
    String inbox = inboxInReach() ? "test:inbox:{node@1}" : null;
    List<String> messages = inboxInReach() ? List.of("done") : List.of();

    RedisScript.Queued released;
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      released = queue.complete(pipeline, TYPE, List.of(lease), inbox, messages);
      pipeline.sync();
    }
    assertEquals(1, redis.zcard("test:queue:{noop}:leases"), "refused: nothing happened yet");
    assertEquals(0, redis.llen("test:inbox:{node@1}"), "nor was the coordinator told");

    assertEquals(1L, released.get());
    assertEquals(0, redis.zcard("test:queue:{noop}:leases"));
    assertEquals(messages, redis.lrange("test:inbox:{node@1}", 0, -1));
  }

  /**
   * Whether a release script can append to a coordinator's inbox: not on a Redis Cluster, where the
   * inbox is in another slot than the queue's keys.
   */
  private boolean inboxInReach() {
    return !(redis instanceof RedisClusterClient);
  }

  private static List<String> errors(List<DeadLetters.Entry> entries) {
    return entries.stream().map(DeadLetters.Entry::error).toList();
  }

  /**
   * Issue 22, item 8: a document whose run kills its node never reports an end, so counting
   * attempts when a run ends never counted it, and the job's restart after each death queued it
   * again as a new partition: node after node died on it. Now each take counts, per document across
   * executions, and a document taken as often as it may be is dead-lettered instead.
   */
  @Test
  void aDocumentWhoseNodeDiesOnEveryAttemptIsDeadLetteredAsWorkerKilled() {
    for (long execution = 1; execution <= 2; execution++) {
      queue.enqueue(TYPE, List.of(document(execution, "job-1", 0)));
      PartitionQueue.Taken taken = queue.take(TYPE, 1, 60_000, 2);
      assertEquals(1, taken.leases().size(), "attempt " + execution + " runs");
      // ... and its node dies: no end is reported, the job is restarted as a new execution.
    }
    queue.enqueue(TYPE, List.of(document(3, "job-1", 0), document(3, "job-1", 1)));

    PartitionQueue.Taken third = queue.take(TYPE, 2, 60_000, 2);

    String poison = document(3, "job-1", 0).encode();
    assertEquals(List.of(poison), third.deadLettered());
    assertEquals(List.of(document(3, "job-1", 1)), partitions(third.leases()));
    assertEquals(
        PartitionQueue.KILLED_ON_EVERY_ATTEMPT,
        redis.hget("test:queue:{noop}:dead-errors", poison));
    assertEquals(1, redis.zcard("test:queue:{noop}:dead"));
  }

  /**
   * Issue 18 with issue 22: a paged document's own partition, each of its pages and its assembly
   * are taken once each; they are different work, so none uses up the attempts of another.
   */
  @Test
  void aDocumentsPagesAndAssemblyEachHaveAttemptsOfTheirOwn() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    assertEquals(1, queue.take(TYPE, 1, 60_000, 2).leases().size());
    List<PartitionRef> pages = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      pages.add(
          new PartitionRef(
              0,
              1,
              2,
              page,
              TYPE,
              "ocr-pages",
              "node@1",
              false,
              Map.of("jobId", "job-1", "index", "0", "page", Integer.toString(page))));
    }
    queue.enqueue(TYPE, pages);
    PartitionRef assembly =
        new PartitionRef(
            0,
            1,
            3,
            0,
            TYPE,
            "ocr-assembly",
            "node@1",
            false,
            Map.of("jobId", "job-1", "index", "0"));

    PartitionQueue.Taken pagesTaken = queue.take(TYPE, 3, 60_000, 2);
    queue.enqueue(TYPE, List.of(assembly));
    PartitionQueue.Taken assemblyTaken = queue.take(TYPE, 1, 60_000, 2);

    assertEquals(List.of(), pagesTaken.deadLettered());
    assertEquals(3, pagesTaken.leases().size());
    assertEquals(List.of(), assemblyTaken.deadLettered());
    assertEquals(List.of(assembly), partitions(assemblyTaken.leases()));
  }

  /**
   * Seen in CI: the restarted node took the document's new copy (its second and last attempt), then
   * reaped the first node's expired lease of the old copy and dead-lettered it, which forgot the
   * count; the next restart's copy was taken as a first attempt and killed a third node.
   */
  @Test
  void reapingASupersededExecutionsLeaseDoesNotGiveTheDocumentItsAttemptsBack() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    queue.take(TYPE, 1, 10, 2); // the first node dies on it
    queue.enqueue(TYPE, List.of(document(2, "job-1", 0)));
    assertEquals(1, queue.take(TYPE, 1, 60_000, 2).leases().size(), "the last attempt runs");
    advance(20);
    assertEquals(
        List.of(document(1, "job-1", 0).encode()),
        queue.reapExpired(TYPE, 2),
        "the old copy goes to the dead letters");
    // ... the second node dies on it too, and the job is restarted once more.
    queue.enqueue(TYPE, List.of(document(3, "job-1", 0)));

    PartitionQueue.Taken third = queue.take(TYPE, 1, 60_000, 2);

    assertEquals(List.of(), third.leases(), "not run a third time");
    assertEquals(List.of(document(3, "job-1", 0).encode()), third.deadLettered());
  }

  @Test
  void aLeaseThatRunsOutOnItsLastAttemptIsDeadLetteredAsWorkerKilled() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    queue.take(TYPE, 1, 10, 2);
    advance(20);
    assertEquals(List.of(), queue.reapExpired(TYPE, 2), "one attempt of two: it runs again");
    advance(1000);
    PartitionQueue.Lease second = queue.take(TYPE, 1, 10, 2).leases().get(0);
    advance(20);

    // A dead letter keeps the full form: it outlives its step's shared part.
    String full = queue.partition(TYPE, second.member()).encode();
    assertEquals(List.of(full), queue.reapExpired(TYPE, 2));
    assertEquals(
        PartitionQueue.KILLED_ON_EVERY_ATTEMPT, redis.hget("test:queue:{noop}:dead-errors", full));
  }

  /**
   * A node shutting down hands its partitions back with no attempt counted, though taking counts.
   */
  @Test
  void aRunPostponedForAStoreOutageWaitsItsDelayAndCountsNoAttempt() {
    queue.outageRetrySeconds = 5;
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000, 1).leases().get(0);

    assertTrue(queue.postpone(TYPE, lease));
    assertFalse(queue.postpone(TYPE, lease), "a lease already given up changes nothing");
    assertEquals(1, queue.waiting(TYPE), "it waits");
    advance(4_000);
    assertEquals(List.of(), queue.take(TYPE, 1, 60_000, 1).leases(), "not before its delay");
    advance(1_000);

    // Its one attempt is still to come, however often the store was out of reach.
    for (int outage = 0; outage < 3; outage++) {
      PartitionQueue.Taken again = queue.take(TYPE, 1, 60_000, 1);
      assertEquals(1, again.leases().size(), "taken again after an outage");
      assertEquals(List.of(), again.deadLettered());
      assertTrue(queue.postpone(TYPE, again.leases().get(0)));
      advance(5_000);
    }
    assertEquals(0, redis.zcard("test:queue:{noop}:leases"));
  }

  @Test
  void aPartitionHandedBackOnShutdownGetsItsAttemptBack() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000, 1).leases().get(0);

    assertEquals(1, queue.giveBack(TYPE, List.of(lease)));

    PartitionQueue.Taken again = queue.take(TYPE, 1, 60_000, 1);
    assertEquals(1, again.leases().size(), "its one attempt is still to come");
    assertEquals(List.of(), again.deadLettered());
  }

  @Test
  void aJobsDocumentsGetTheirAttemptsAgainWhenItIsRetried() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0)));
    queue.take(TYPE, 1, 60_000, 1);

    // As JobService.retry does: the counts go, then the retry's execution queues the documents.
    queue.forgetAttempts(List.of(TYPE), "job-1");
    queue.enqueue(TYPE, List.of(document(2, "job-1", 0)));

    assertEquals(1, queue.take(TYPE, 1, 60_000, 1).leases().size());
    assertEquals(0, redis.zcard("test:queue:{noop}:dead"));
  }

  /** Issue 25: a queued document costs Redis what differs from the other documents of its step. */
  @Test
  void aQueuedDocumentCarriesOnlyWhatDiffersFromItsStep() {
    List<PartitionRef> documents = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      documents.add(named(1, "job-1", index, "scans/2026/page-" + index + ".tif"));
    }

    queue.enqueue(TYPE, documents);

    List<String> entries = redis.zrange("test:queue:{noop}", 0, -1);
    // the index is the partition id, the job id the step's: only the document's name is its own
    assertEquals("0\t@1\t2\tdocument=scans%2F2026%2Fpage-2.tif", entries.get(2));
    assertEquals(2, redis.hlen("test:queue:{noop}:steps"), "one shared part, and its counter");
    assertEquals(documents, partitions(queue.take(TYPE, 3, 60_000)));
  }

  /** The shared part goes with the job's counts of attempts: what is left of the job is dropped. */
  @Test
  void anEndedJobsLeftoverEntriesAreDroppedAndOtherJobsKeepTheirs() {
    queue.enqueue(TYPE, List.of(document(1, "job-1", 0), document(1, "job-1", 1)));
    queue.enqueue(TYPE, List.of(document(2, "job-10", 0)));

    queue.forgetAttempts(List.of(TYPE), "job-1");

    assertEquals(List.of(document(2, "job-10", 0)), partitions(queue.take(TYPE, 3, 60_000)));
    assertEquals(0, queue.waiting(TYPE));
    assertEquals(0, redis.zcard("test:queue:{noop}:dead"));
  }

  /**
   * Upgrade: entries in the full form, as versions before the compact one queued them, still run.
   */
  @Test
  void anEntryInTheFullFormIsTakenRetriedAndDeadLettered() {
    PartitionRef older = document(1, "job-1", 0);
    redis.zadd("test:queue:{noop}", 0, older.encode());

    PartitionQueue.Lease lease = queue.take(TYPE, 1, 60_000, 2).leases().get(0);
    assertEquals(older.encode(), lease.member());
    assertFalse(queue.fail(TYPE, lease, 2, "first"));
    advance(60_000);
    PartitionQueue.Lease again = queue.take(TYPE, 1, 60_000, 2).leases().get(0);

    assertTrue(queue.fail(TYPE, again, 2, "second"));
    assertEquals(List.of(older.encode()), redis.zrange("test:queue:{noop}:dead", 0, -1));
  }

  private static PartitionRef named(long execution, String jobId, int index, String document) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    properties.put("jobId", jobId);
    properties.put("index", Integer.toString(index));
    properties.put("document", document);
    return new PartitionRef(
        0, execution, execution, index, TYPE, "step", "node@1", false, properties);
  }

  private List<PartitionRef> partitions(List<PartitionQueue.Lease> leases) {
    return leases.stream().map(lease -> queue.partition(TYPE, lease.member())).toList();
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

  private static PartitionRef partition(int priority, int id) {
    return new PartitionRef(
        priority, 1, 1, id, TYPE, "step", "node@1", false, Map.of("index", Integer.toString(id)));
  }

  /** A partition of docbatch job {@code job-<id>}, as the dead letters tell jobs apart. */
  private static PartitionRef partitionOfJob(int id) {
    return new PartitionRef(
        0, 1, 1, id, TYPE, "step", "node@1", false, Map.of("jobId", "job-" + id));
  }

  private static List<Integer> taken(List<PartitionQueue.Lease> leases) {
    return leases.stream().map(l -> PartitionRef.decode(l.member()).partitionId()).toList();
  }
}
