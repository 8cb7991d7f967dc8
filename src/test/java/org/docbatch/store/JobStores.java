package org.docbatch.store;

import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link JobStore}, and the {@link JobResults} and {@link JobIndex} beside it, over a test's own
 * Redis, for tests outside this package.
 */
public final class JobStores {

  private JobStores() {}

  public static JobStore over(UnifiedJedis redis, String prefix) {
    JobStore store = new JobStore();
    store.redis = redis;
    store.keys = new RedisKeys(prefix);
    store.jobTtlSeconds = 100;
    store.owners = new OwnerIndex();
    store.owners.redis = redis;
    store.owners.keys = store.keys;
    return store;
  }

  /** {@link JobResults} of the jobs in {@code store}: the same Redis and keys. */
  public static JobResults resultsOf(JobStore store) {
    JobResults results = new JobResults();
    results.redis = store.redis;
    results.keys = store.keys;
    return results;
  }

  /** The {@link JobIndex} of the jobs in {@code store}: the same Redis, keys, owners and TTL. */
  public static JobIndex indexOf(JobStore store) {
    JobIndex index = new JobIndex();
    index.redis = store.redis;
    index.keys = store.keys;
    index.owners = store.owners;
    index.store = store;
    return index;
  }

  /** {@link TaskRuns} of the jobs in {@code store}: the same Redis and keys. */
  public static TaskRuns taskRunsOf(JobStore store) {
    TaskRuns runs = new TaskRuns();
    runs.redis = store.redis;
    runs.keys = store.keys;
    runs.store = store;
    return runs;
  }

  /** {@link DocumentOutcomes} that record in {@code results}. */
  public static DocumentOutcomes outcomesIn(JobResults results) {
    DocumentOutcomes outcomes = new DocumentOutcomes();
    outcomes.results = results;
    return outcomes;
  }
}
