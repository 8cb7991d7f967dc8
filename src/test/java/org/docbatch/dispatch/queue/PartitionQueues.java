package org.docbatch.dispatch.queue;

import java.util.function.LongSupplier;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link PartitionQueue} and its {@link DeadLetters} over a test's own Redis, with keys under
 * {@code test:}.
 */
public final class PartitionQueues {

  private PartitionQueues() {}

  /**
   * @param clock the milliseconds the queue's scripts judge ages, leases and backoffs by
   * @param backoffSeconds the first retry's backoff
   */
  public static PartitionQueue over(UnifiedJedis redis, LongSupplier clock, double backoffSeconds) {
    PartitionQueue queue = new PartitionQueue();
    queue.redis = redis;
    queue.keys = new RedisKeys("test:");
    queue.agingSeconds = 30;
    queue.backoffSeconds = backoffSeconds;
    queue.clock = clock;
    return queue;
  }

  /** The dead letters of the queues {@link #over} makes. */
  public static DeadLetters deadLettersOver(UnifiedJedis redis) {
    DeadLetters deadLetters = new DeadLetters();
    deadLetters.redis = redis;
    deadLetters.keys = new RedisKeys("test:");
    return deadLetters;
  }
}
