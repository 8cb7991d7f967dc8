package org.docbatch.redis;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens pipelines, and keeps the order of writes that another process reads in that order. Every
 * pipeline in docbatch is opened here: on a Redis Cluster, Jedis syncs a pipeline by talking to
 * each master from a thread of its own, and without an executor to borrow them from it starts and
 * stops a thread pool on every sync (that made a document cost about ten times the CPU).
 */
public final class Pipelines {

  /** Shared by every cluster pipeline of this JVM; idle threads end after a minute. */
  private static final ExecutorService CLUSTER_SYNC = clusterSyncThreads();

  private Pipelines() {}

  /** A pipeline over {@code redis}, whichever kind of client it is. */
  public static AbstractPipeline open(UnifiedJedis redis) {
    return redis instanceof RedisClusterClient cluster
        ? cluster.pipelined(CLUSTER_SYNC)
        : redis.pipelined();
  }

  /**
   * Makes every command queued so far in {@code pipeline} take effect before any queued after. One
   * Redis applies a pipeline's commands in the order they were sent. A Redis Cluster does not: the
   * commands go to their keys' masters over separate connections, so a later write can land before
   * an earlier one. A round trip on a Redis Cluster; nothing elsewhere.
   *
   * @return whether it synced the pipeline (replies of what came before are there to read)
   */
  public static boolean barrier(UnifiedJedis redis, AbstractPipeline pipeline) {
    if (redis instanceof RedisClusterClient) {
      pipeline.sync();
      return true;
    }
    return false;
  }

  private static ExecutorService clusterSyncThreads() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            16,
            16,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "docbatch-cluster-sync-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return Executors.unconfigurableExecutorService(pool);
  }
}
