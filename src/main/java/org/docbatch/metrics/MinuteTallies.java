package org.docbatch.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.json.Json;
import org.docbatch.meters.TaskCounts;
import org.docbatch.meters.TaskMetrics;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Documents processed per minute by the whole cluster over the last hour, for the dashboard's
 * throughput and error-rate charts. Each node adds what its workers did ({@link TaskMetrics}, kept
 * in the JVM) to the current minute's hash in Redis every {@value #FLUSH_SECONDS} seconds, and only
 * when it did something: an idle node writes nothing, a busy one one round trip per {@value
 * #FLUSH_SECONDS} s, never one per document. Kept in Redis rather than in each node so that any
 * node shows the cluster's history, and a restarted node shows it too.
 */
@ApplicationScoped
public class MinuteTallies {

  private static final Logger LOG = Logger.getLogger(MinuteTallies.class.getName());

  static final int FLUSH_SECONDS = 10;

  /** Minutes the charts show. */
  public static final int MINUTES = 60;

  /** A minute's hash outlives the hour it is shown in. */
  private static final long KEEP_SECONDS = 2 * 3600;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject TaskMetrics tasks;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> timer;

  /** What this node had added to Redis (guarded by this). */
  private long flushedCompleted;

  private long flushedFailed;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    timer =
        scheduler.scheduleWithFixedDelay(
            this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
    // What the node did since the last flush (its drained documents) still counts.
    flushQuietly();
  }

  /** Adds what this node's workers did since the last flush to the current minute. */
  synchronized void flush() {
    TaskCounts now = tasks.totals();
    long completed = now.completed() - flushedCompleted;
    long failed = now.failed() - flushedFailed;
    if (completed == 0 && failed == 0) {
      return;
    }
    String key = keys.minuteTally(epochMinute(Instant.now()));
    // One key, one round trip (no MULTI: a Redis Cluster has none).
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      pipeline.hincrBy(key, "completed", completed);
      pipeline.hincrBy(key, "failed", failed);
      pipeline.expire(key, KEEP_SECONDS);
      pipeline.sync();
    }
    flushedCompleted += completed;
    flushedFailed += failed;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // Redis away: what was not added is added by the next flush.
      LOG.log(Level.FINE, "adding this node's tallies to Redis failed", e);
    }
  }

  /**
   * The last {@value #MINUTES} minutes, oldest first, the current one last (still counting), in one
   * pipelined round trip: {@code minutes} of {@code at}, {@code completed}, {@code failed}.
   */
  public JsonObject lastHour() {
    long current = epochMinute(Instant.now());
    List<Response<List<String>>> counts = new ArrayList<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      for (long minute = current - MINUTES + 1; minute <= current; minute++) {
        counts.add(pipeline.hmget(keys.minuteTally(minute), "completed", "failed"));
      }
      pipeline.sync();
    }
    JsonArrayBuilder minutes = Json.createArrayBuilder();
    for (int i = 0; i < MINUTES; i++) {
      List<String> count = counts.get(i).get();
      minutes.add(
          Json.createObjectBuilder()
              .add("at", Instant.ofEpochSecond((current - MINUTES + 1 + i) * 60).toString())
              .add("completed", parse(count.get(0)))
              .add("failed", parse(count.get(1))));
    }
    return Json.createObjectBuilder()
        .add("scope", "cluster")
        .add("flush_seconds", FLUSH_SECONDS)
        .add("minutes", minutes)
        .build();
  }

  private static long epochMinute(Instant at) {
    return at.getEpochSecond() / 60;
  }

  private static long parse(String count) {
    return count == null ? 0 : Long.parseLong(count);
  }
}
