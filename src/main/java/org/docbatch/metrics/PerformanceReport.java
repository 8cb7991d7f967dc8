package org.docbatch.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import org.docbatch.json.Json;
import org.docbatch.meters.JobMetrics;
import org.docbatch.meters.TaskCounts;
import org.docbatch.meters.TaskMetrics;
import org.docbatch.node.NodeIdentity;
import org.docbatch.worker.ocr.ChildMemory;
import org.docbatch.worker.pool.PoolState;
import org.docbatch.worker.pool.WorkerUsage;

/**
 * The spec's {@code get_performance_metrics} summary, for {@code GET /api/metrics} and the periodic
 * {@code Performance metrics} log line: {@code workers} and {@code tasks} and {@code jobs} are this
 * node's ({@code node} names it), {@code queue} is the whole cluster's (from Redis, at most {@value
 * QueueDepths#MAX_AGE_MILLIS} ms old, {@code queue.read_at}), {@code system} is this node's machine
 * and its view of Redis.
 */
@ApplicationScoped
public class PerformanceReport {

  private static final long MB = 1024 * 1024;

  @Inject NodeIdentity node;
  @Inject PoolMetrics pools;
  @Inject QueueDepths queues;
  @Inject TaskMetrics tasks;
  @Inject JobMetrics jobs;
  @Inject SystemResources system;
  @Inject RedisProbe redis;

  /**
   * The summary now.
   *
   * @param ping whether to PING Redis for it (else the last PING's answer is reported)
   */
  public JsonObject summary(boolean ping) {
    RedisProbe.Ping redisPing = ping ? redis.ping() : redis.last();
    return Json.createObjectBuilder()
        .add("node", node.id())
        .add("timestamp", Instant.now().toString())
        .add("workers", workers())
        .add("queue", queue(queues.snapshot()))
        .add("tasks", tasks())
        .add("jobs", jobs())
        .add("system", system(system.read(), redisPing))
        .build();
  }

  /**
   * Each worker thread's CPU time and allocated heap since it started (the spec's per-worker
   * resources), for the API; the logged summary leaves them out to stay one short line.
   */
  public JsonArray workerThreads() {
    JsonArrayBuilder threads = Json.createArrayBuilder();
    for (WorkerUsage worker : pools.workerUsage()) {
      threads.add(
          Json.createObjectBuilder()
              .add("worker_type", worker.type())
              .add("worker", worker.worker())
              .add("busy", worker.busy())
              .add("cpu_seconds", round(worker.cpuNanos() / 1e9))
              .add("allocated_mb", round(worker.allocatedBytes() / 1048576.0)));
    }
    return threads.build();
  }

  /** This node's workers: totals and each pool, the summary's {@code workers}. */
  public JsonObject workers() {
    return workers(pools.pools());
  }

  private JsonObject workers(Collection<PoolState> states) {
    JsonObjectBuilder byType = Json.createObjectBuilder();
    int workers = 0;
    int busy = 0;
    for (PoolState pool : states) {
      workers += pool.workers();
      busy += pool.busy();
      long[] used = pools.totalUsage(pool.type()); // every worker thread's, read once
      JsonObjectBuilder ofType =
          Json.createObjectBuilder()
              .add("workers", pool.workers())
              .add("busy", pool.busy())
              .add("idle", pool.idle())
              .add("min_workers", pool.minWorkers())
              .add("max_workers", pool.maxWorkers())
              .add("utilisation", round(pool.utilisation()))
              .add("cpu_seconds", round(used[0] / 1e9))
              .add("allocated_mb", round(used[1] / 1048576.0));
      if (PoolMetrics.CHILD_PROCESS_POOL.equals(pool.type())) {
        ChildMemory children = pools.childMemory();
        ofType
            .add("child_processes", children.processes())
            .add("child_rss_mb", round(children.residentBytes() / 1048576.0))
            .add("child_rss_max_mb", round(children.largestBytes() / 1048576.0));
      }
      byType.add(pool.type(), ofType);
    }
    return Json.createObjectBuilder()
        .add("scope", "node")
        .add("total_workers", workers)
        .add("busy_workers", busy)
        .add("idle_workers", workers - busy)
        .add("utilisation", workers == 0 ? 0 : round((double) busy / workers))
        .add("by_type", byType)
        .build();
  }

  private JsonObject queue(QueueDepths.Snapshot snapshot) {
    JsonObjectBuilder byType = Json.createObjectBuilder();
    snapshot
        .byType()
        .forEach(
            (type, depth) -> {
              JsonObjectBuilder byTier = Json.createObjectBuilder();
              for (Tier tier : Tier.values()) {
                byTier.add(tier.id(), depth.queued(tier));
              }
              byType.add(
                  type,
                  Json.createObjectBuilder()
                      .add("waiting", depth.waitingTotal())
                      .add("delayed", depth.delayedTotal())
                      .add("running", depth.leasedTotal())
                      .add("queued", depth.queued())
                      .add("dead_letters", depth.deadLetters())
                      .add("by_tier", byTier));
            });
    return Json.createObjectBuilder()
        .add("scope", "cluster")
        .add("current_queue_size", snapshot.queued())
        .add("max_queue_size", queues.maxQueueSize())
        .add("dead_letters", snapshot.deadLetters())
        .add("active_jobs", snapshot.activeJobs())
        .add("read_at", snapshot.readAt().toString())
        .add("by_type", byType)
        .build();
  }

  private JsonObject tasks() {
    JsonObjectBuilder byType = Json.createObjectBuilder();
    for (String type : tasks.types()) {
      byType.add(type, counts(tasks.counts(type)));
    }
    return Json.createObjectBuilder(counts(tasks.totals()))
        .add("scope", "node")
        .add("by_type", byType)
        .build();
  }

  private static JsonObject counts(TaskCounts counts) {
    return Json.createObjectBuilder()
        .add("completed", counts.completed())
        .add("failed", counts.failed())
        .add("retried", counts.retried())
        .add("dead_lettered", counts.deadLettered())
        .add(
            "error_rate",
            counts.processed() == 0 ? 0 : round((double) counts.failed() / counts.processed()))
        .add("average_processing_ms", round(counts.averageMillis()))
        .build();
  }

  private JsonObject jobs() {
    JsonObjectBuilder json = Json.createObjectBuilder().add("scope", "node");
    for (String outcome :
        new String[] {"submitted", "rejected", "completed", "failed", "cancelled"}) {
      json.add(outcome, jobs.jobs(outcome));
    }
    return json.build();
  }

  private static JsonObject system(SystemResources.Usage usage, RedisProbe.Ping ping) {
    JsonObjectBuilder redis = Json.createObjectBuilder().add("connected", ping.connected());
    if (ping.connected()) {
      redis.add("latency_ms", round(ping.latencyMillis()));
    } else {
      redis.add("error", String.valueOf(ping.error()));
    }
    JsonObjectBuilder disks = Json.createObjectBuilder();
    for (SystemResources.Disk disk : usage.disks()) {
      disks.add(
          disk.folder(),
          Json.createObjectBuilder()
              .add("path", disk.path().toString())
              .add("free_mb", disk.usableBytes() / MB)
              .add("total_mb", disk.totalBytes() / MB)
              .add("used", round(disk.usedFraction())));
    }
    return Json.createObjectBuilder()
        .add("cpu_load", round(usage.cpuLoad()))
        .add("process_cpu_load", round(usage.processCpuLoad()))
        .add("heap_used_mb", usage.heapUsedBytes() / MB)
        .add("heap_max_mb", usage.heapMaxBytes() / MB)
        .add("memory_available_mb", usage.memoryAvailableBytes() / MB)
        .add("memory_total_mb", usage.memoryTotalBytes() / MB)
        .add("disks", disks)
        .add("redis", redis)
        .build();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
