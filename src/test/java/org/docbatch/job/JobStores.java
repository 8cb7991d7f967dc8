package org.docbatch.job;

import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

/** A {@link JobStore} over a test's own Redis, for tests outside this package. */
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

  /** {@link DocumentOutcomes} that record in {@code store}. */
  public static DocumentOutcomes outcomesIn(JobStore store) {
    DocumentOutcomes outcomes = new DocumentOutcomes();
    outcomes.store = store;
    return outcomes;
  }
}
