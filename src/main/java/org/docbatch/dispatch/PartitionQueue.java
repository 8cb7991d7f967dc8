package org.docbatch.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;

/**
 * The Redis queues of partitions, one per worker type: waiting partitions by priority and age,
 * leases on the ones being run, retries after a backoff, and dead letters. Every change that moves
 * a partition between these keys is one Lua script, so a partition is always in exactly one place.
 */
@ApplicationScoped
public class PartitionQueue {

  private static final RedisScript TAKE = RedisScript.load("dispatch_take");
  private static final RedisScript FAIL = RedisScript.load("dispatch_fail");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /**
   * {@code PRIORITY_AGING_SECONDS}: waiting this long is worth one priority level, so low priority
   * work is never starved by a stream of newer high priority work.
   */
  @Inject
  @ConfigProperty(name = "priority.aging.seconds", defaultValue = "30")
  double agingSeconds;

  /**
   * {@code RETRY_BACKOFF_SECONDS}: the first retry waits this long, each next one twice as long.
   */
  @Inject
  @ConfigProperty(name = "retry.backoff.seconds", defaultValue = "1")
  double backoffSeconds;

  /** Queues partitions, in one round trip. */
  public void enqueue(String type, Collection<PartitionRef> partitions) {
    long now = System.currentTimeMillis();
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (PartitionRef partition : partitions) {
        pipeline.zadd(keys.queue(type), score(now, partition.priority()), partition.encode());
      }
      pipeline.sync();
    }
  }

  /** Takes up to {@code room} partitions under a lease that ends {@code leaseMillis} from now. */
  public List<String> take(String type, int room, long leaseMillis) {
    long now = System.currentTimeMillis();
    List<?> taken =
        (List<?>)
            TAKE.run(
                redis,
                List.of(keys.queue(type), keys.queueDelayed(type), keys.queueLeases(type)),
                List.of(
                    Long.toString(now),
                    Long.toString(now + leaseMillis),
                    Long.toString(agingMillis()),
                    Integer.toString(room)));
    List<String> members = new ArrayList<>(taken.size());
    for (Object member : taken) {
      members.add((String) member);
    }
    return members;
  }

  /** Extends the leases of partitions this node still runs; a lease already lost stays lost. */
  public void renew(String type, Collection<String> members, long leaseMillis) {
    long deadline = System.currentTimeMillis() + leaseMillis;
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (String member : members) {
        pipeline.zadd(keys.queueLeases(type), deadline, member, ZAddParams.zAddParams().xx());
      }
      pipeline.sync();
    }
  }

  /** Releases a finished partition: its lease and its count of attempts go. */
  public void complete(AbstractPipeline pipeline, String type, String member) {
    pipeline.zrem(keys.queueLeases(type), member);
    pipeline.hdel(keys.queueAttempts(type), member);
  }

  /**
   * A run failed: the partition is queued again after a backoff, or dead-lettered with {@code
   * error} once it has had {@code attempts} runs.
   *
   * @return true when it was dead-lettered
   */
  public boolean fail(String type, String member, int attempts, String error) {
    return !runFail(type, "member", member, attempts, error).isEmpty();
  }

  /**
   * Puts back the partitions whose lease ran out (their worker died or hung), or dead-letters them.
   *
   * @return the partitions dead-lettered
   */
  public List<String> reapExpired(String type, int attempts) {
    return runFail(
        type,
        "expired",
        "",
        attempts,
        "its worker stopped renewing the lease (node died or the run hung)");
  }

  /** Waiting partitions of a type, retries included. */
  public long waiting(String type) {
    return redis.zcard(keys.queue(type)) + redis.zcard(keys.queueDelayed(type));
  }

  private List<String> runFail(
      String type, String mode, String member, int attempts, String error) {
    List<?> dead =
        (List<?>)
            FAIL.run(
                redis,
                List.of(
                    keys.queueLeases(type),
                    keys.queueAttempts(type),
                    keys.queueDelayed(type),
                    keys.deadLetters(type),
                    keys.deadLetterErrors(type)),
                List.of(
                    mode,
                    member,
                    Long.toString(System.currentTimeMillis()),
                    Integer.toString(attempts),
                    Long.toString((long) (backoffSeconds * 1000)),
                    error));
    List<String> members = new ArrayList<>(dead.size());
    for (Object one : dead) {
      members.add((String) one);
    }
    return members;
  }

  private long agingMillis() {
    return (long) (agingSeconds * 1000);
  }

  private double score(long now, int priority) {
    return now - (double) priority * agingMillis();
  }
}
