package org.docbatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the job store, and its results and index beside it, promise whatever Redis they run on:
 * once-only results, retry, closing, expiry. Its scripts are run against a real Redis of each
 * topology by a subclass marked with it ({@link JobStoreOnRedisIT}, {@link JobStoreOnSentinelIT},
 * {@link JobStoreOnClusterIT}), started once for the class.
 */
@ExtendWith(TestRedis.class)
abstract class JobStoreContract {

  private UnifiedJedis redis;
  private JobStore store;
  private JobResults results;
  private JobIndex index;

  @BeforeEach
  void setUp(UnifiedJedis redis) {
    this.redis = redis;
    redis.flushAll();
    store = JobStores.over(redis, "test:");
    results = JobStores.resultsOf(store);
    index = JobStores.indexOf(store);
  }

  @Test
  void aDocumentOutcomeIsRecordedOnceHoweverOftenItRuns() {
    JobRecord job = store.create(submission(2), "test-node");

    assertTrue(results.recordResult(job.id(), 0, true, "{\"run\":1}"));
    assertFalse(results.recordResult(job.id(), 0, true, "{\"run\":2}"));
    assertFalse(results.recordResult(job.id(), 0, false, "{\"run\":3}"));

    JobRecord after = store.find(job.id()).orElseThrow();
    assertEquals(1, after.completedTasks());
    assertEquals(0, after.failedTasks());
    assertEquals("{\"run\":1}", results.results(job.id(), 0, 1).get(0));
  }

  @Test
  void finishingDecidesTheStatusAndStartsTheTtl() {
    JobRecord allFailed = store.create(submission(2), "test-node");
    results.recordResult(allFailed.id(), 0, false, "{}");
    results.recordResult(allFailed.id(), 1, false, "{}");
    JobRecord mixed = store.create(submission(2), "test-node");
    results.recordResult(mixed.id(), 0, false, "{}");
    results.recordResult(mixed.id(), 1, true, "{}");
    JobRecord stoppedEarly = store.create(submission(2), "test-node");
    results.recordResult(stoppedEarly.id(), 0, true, "{}");

    assertEquals(JobStatus.FAILED, store.finish(allFailed.id(), 1, false, null));
    assertEquals(JobStatus.COMPLETED, store.finish(mixed.id(), 2, false, null));
    assertEquals(JobStatus.FAILED, store.finish(stoppedEarly.id(), 3, false, null));

    long ttl = redis.ttl(store.keys.results(mixed.id()));
    assertTrue(ttl > 0 && ttl <= 100, "results expire with the job: " + ttl);
    assertTrue(redis.ttl(store.keys.job(mixed.id())) > 0);
  }

  @Test
  void anOlderExecutionDoesNotCloseANewerOne() {
    JobRecord job = store.create(submission(1), "test-node");
    store.executionStarted(job.id(), ExecutionKey.of(7), "test-node");

    assertNull(store.finish(job.id(), 6, false, null));
    assertNull(store.find(job.id()).orElseThrow().finishedAt());
  }

  @Test
  void onlyFinishedOrExpiredJobsLeaveTheActiveSet() {
    JobRecord running = store.create(submission(1), "test-node");
    JobRecord finished = store.create(submission(1), "test-node");
    store.finish(finished.id(), 1, false, null);
    redis.sadd(store.keys.activeJobs(), finished.id(), "expired-job");

    index.dropActive(running.id());
    index.dropActive(finished.id());
    index.dropActive("expired-job");

    assertEquals(Set.of(running.id()), index.activeJobIds());
  }

  @Test
  void pruningTheIndexDropsOnlyJobsOlderThanTheTtlWhoseKeysExpired() {
    JobRecord expiredOld = store.create(submission(1), "test-node");
    JobRecord aliveOld = store.create(submission(1), "test-node");
    JobRecord expiredRecent = store.create(submission(1), "test-node");
    double longAgo = (System.currentTimeMillis() / 1000.0 - 1000) * 1_000_000d;
    redis.zadd(store.keys.jobIndex(), longAgo, expiredOld.id());
    redis.zadd(store.keys.jobIndex(), longAgo, aliveOld.id());
    // One at a time: on a Redis Cluster the two jobs' keys are in different slots.
    redis.del(store.keys.job(expiredOld.id()));
    redis.del(store.keys.job(expiredRecent.id()));

    assertEquals(1, index.pruneIndex());

    assertEquals(
        Set.of(aliveOld.id(), expiredRecent.id()),
        Set.copyOf(redis.zrange(store.keys.jobIndex(), 0, -1)));
  }

  @Test
  void aCancelledJobStaysCancelled() {
    JobRecord job = store.create(submission(3), "test-node");
    assertTrue(store.transition(job.id(), JobStatus.CANCELLED, JobStatus.UNFINISHED));
    assertFalse(
        store.transition(job.id(), JobStatus.RUNNING, Set.of(JobStatus.PENDING, JobStatus.QUEUED)));

    assertEquals(JobStatus.CANCELLED, store.finish(job.id(), 1, false, null));
  }

  @Test
  void retryForgetsFailuresKeepsSuccessesAndStopsTheTtl() {
    JobRecord job = store.create(submission(3), "test-node");
    results.recordResult(job.id(), 0, true, "{\"ok\":true}");
    results.recordResult(job.id(), 1, false, "{\"ok\":false}");
    assertEquals(
        "not_finished",
        store.prepareRetry(job.id(), "test-node").reason(),
        "no retry while it runs");
    store.finish(job.id(), 1, false, null);

    JobStore.RetryOutcome outcome = store.prepareRetry(job.id(), "test-node");

    assertTrue(outcome.accepted());
    assertEquals(2, outcome.documentsToRun(), "the failed one and the one that never ran");
    assertEquals(Set.of(0), results.indexesWithOutcome(job.id()));
    JobRecord after = store.find(job.id()).orElseThrow();
    assertEquals(JobStatus.PENDING, after.status());
    assertEquals(1, after.completedTasks());
    assertEquals(0, after.failedTasks());
    assertEquals(1, after.retries());
    assertEquals(-1, redis.ttl(store.keys.job(job.id())));
    assertEquals("nothing_to_retry", retryAfterSuccess());
  }

  /**
   * Issue 18: a document read a page per partition that completed with a failed page (a dead
   * letter's, say) runs again on a retry, for that page: its outcome is forgotten, its pages read
   * stay read, and the page counters stay true.
   */
  @Test
  void retryRunsAgainADocumentThatCompletedWithFailedPages() {
    PagedDocuments paged = new PagedDocuments();
    paged.redis = redis;
    paged.keys = store.keys;
    JobRecord job = store.create(submission(2), "test-node");
    paged.record(job.id(), 0, "{}", 3, 0);
    paged.recordPage(job.id(), 0, 1, true, "{\"page\":1}");
    paged.recordPage(job.id(), 0, 2, false, "{\"page\":2}");
    paged.recordPage(job.id(), 0, 3, true, "{\"page\":3}");
    results.recordResult(job.id(), 0, true, "{\"failed_pages\":[2]}");
    paged.assembled(job.id());
    results.recordResult(job.id(), 1, true, "{}");
    store.finish(job.id(), 1, false, null);

    JobStore.RetryOutcome outcome = store.prepareRetry(job.id(), "test-node");

    assertTrue(outcome.accepted(), outcome.reason());
    assertEquals(1, outcome.documentsToRun());
    assertEquals(Set.of(1), results.indexesWithOutcome(job.id()));
    assertEquals(1, store.find(job.id()).orElseThrow().completedTasks());
    assertEquals(Set.of("0:1", "0:3"), paged.pagesRead(job.id()), "the pages read stay read");
    assertEquals(new PagedDocuments.Progress(1, 3, 3, 0), paged.progress(job.id()));
  }

  /** Issue 22: a listing with an unmatched filter or a large offset read every job record. */
  @Test
  void aFilteredListingReadsOnlyTheNewestJobsAndAnOffsetSkipsByRank() {
    index.maxScanned = 10;
    List<JobRecord> jobs = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      jobs.add(store.create(submission(1), "test-node"));
    }
    store.transition(jobs.get(0).id(), JobStatus.CANCELLED, JobStatus.UNFINISHED);
    store.transition(jobs.get(25).id(), JobStatus.CANCELLED, JobStatus.UNFINISHED);

    List<String> cancelled =
        index.list(null, JobStatus.CANCELLED, null, 0, 10).stream().map(JobRecord::id).toList();

    assertEquals(List.of(jobs.get(25).id()), cancelled, "the oldest is past the 10 read");
    assertEquals(List.of(), index.list(null, null, "ocr", 0, 10));
    assertEquals(
        List.of(jobs.get(4).id(), jobs.get(3).id()),
        index.list(null, null, null, 25, 2).stream().map(JobRecord::id).toList(),
        "an unfiltered offset is a rank in the index");
  }

  @Test
  void listingIsNewestFirstFilteredAndDropsExpiredJobs() throws InterruptedException {
    JobRecord first = store.create(submission(1), "test-node");
    JobRecord second = store.create(submission(1), "test-node");
    JobRecord third = store.create(submission(1), "test-node");
    store.transition(second.id(), JobStatus.CANCELLED, JobStatus.UNFINISHED);
    redis.del(store.keys.job(first.id())); // as if its TTL had run out

    List<String> all = index.list(null, null, null, 0, 10).stream().map(JobRecord::id).toList();
    List<String> cancelled =
        index.list(null, JobStatus.CANCELLED, null, 0, 10).stream().map(JobRecord::id).toList();

    assertEquals(List.of(third.id(), second.id()), all);
    assertEquals(List.of(second.id()), cancelled);
    assertEquals(
        List.of(second.id()),
        index.list(null, null, null, 1, 10).stream().map(JobRecord::id).toList());
    assertEquals(2, redis.zcard(store.keys.jobIndex()), "the expired job left the index");
    assertEquals(2, index.list(null, null, "validation", 0, 10).size());
    assertEquals(List.of(), index.list(null, null, "ocr", 0, 10), "no ocr job");
  }

  @Test
  void manyRecordsAreReadTogetherWithoutTheExpiredOnes() {
    JobRecord first = store.create(submission(1), "test-node");
    JobRecord second = store.create(submission(2), "test-node");

    assertEquals(
        List.of(second.id(), first.id()),
        store.findAll(List.of(second.id(), "no-such-job", first.id())).stream()
            .map(JobRecord::id)
            .toList());
    assertEquals(List.of(), store.findAll(List.of()));
  }

  @Test
  void aChecksumRemembersItsFirstDocument() {
    JobRecord job = store.create(submission(3), "test-node");

    assertEquals(0, results.firstWithChecksum(job.id(), "abc", 0));
    assertEquals(1, results.firstWithChecksum(job.id(), "def", 1));
    assertEquals(0, results.firstWithChecksum(job.id(), "abc", 2));
  }

  @Test
  void onlyOneNodeTakesOverAnUnfinishedJobAndAFinishedOneIsNotActive() {
    JobRecord job = store.create(submission(2), "dead@1");
    assertEquals(Set.of(job.id()), index.activeJobIds());

    assertFalse(store.claim(job.id(), "someone-else@2", "b@3"), "not the job's coordinator");
    assertTrue(store.claim(job.id(), "dead@1", "b@3"));
    assertFalse(store.claim(job.id(), "dead@1", "c@4"), "already taken over");
    JobRecord after = store.find(job.id()).orElseThrow();
    assertEquals("b@3", after.node());
    assertEquals(1, after.recoveries());

    store.finish(job.id(), -1, false, null);
    assertEquals(Set.of(), index.activeJobIds());
    assertFalse(store.claim(job.id(), "b@3", "c@4"), "a finished job is nobody's orphan");
  }

  @Test
  void aRetryNamesItsCoordinatorAtOnce() {
    JobRecord job = store.create(submission(1), "a@1");
    results.recordResult(job.id(), 0, false, "{}");
    store.finish(job.id(), -1, false, null);

    store.prepareRetry(job.id(), "b@2");

    assertEquals("b@2", store.find(job.id()).orElseThrow().node());
  }

  /**
   * Issue 22: a retry whose start failed after retry_job.lua ran stayed PENDING for ever, outside
   * the active set, without a TTL. Now it is active at once, and closing it (what JobService does
   * when the start fails) makes it FAILED and expiring.
   */
  @Test
  void aRetryWhoseStartFailsIsActiveAtOnceAndThenFinished() {
    JobRecord job = store.create(submission(1), "a@1");
    results.recordResult(job.id(), 0, false, "{}");
    store.finish(job.id(), 7, false, null);
    redis.hset(store.keys.job(job.id()), "execution_id", "7");
    assertEquals(Set.of(), index.activeJobIds());

    assertTrue(store.prepareRetry(job.id(), "b@2").accepted());

    assertEquals(Set.of(job.id()), index.activeJobIds());
    assertEquals(JobStatus.PENDING, store.find(job.id()).orElseThrow().status());
    assertEquals(JobStatus.FAILED, store.finish(job.id(), 7, true, "the retry could not start"));
    assertEquals(Set.of(), index.activeJobIds());
    assertTrue(redis.ttl(store.keys.job(job.id())) > 0);
  }

  private String retryAfterSuccess() {
    JobRecord done = store.create(submission(1), "test-node");
    results.recordResult(done.id(), 0, true, "{}");
    store.finish(done.id(), 1, false, null);
    return store.prepareRetry(done.id(), "test-node").reason();
  }

  private static JobSubmission submission(int documents) {
    List<String> names =
        java.util.stream.IntStream.range(0, documents).mapToObj(i -> "d" + i + ".txt").toList();
    return new JobSubmission(JobType.VALIDATION, names, JsonValue.EMPTY_JSON_OBJECT, 0);
  }
}
