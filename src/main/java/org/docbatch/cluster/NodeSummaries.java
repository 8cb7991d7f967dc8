package org.docbatch.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.meters.TaskCounts;
import org.docbatch.meters.TaskMetrics;
import org.docbatch.metrics.PerformanceReport;
import org.docbatch.metrics.SystemResources;
import org.docbatch.node.NodeIdentity;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A small summary of each node (its worker pools, tasks and heap), so that any node can show the
 * whole cluster's workers. Each node writes its own in its heartbeat's round trip, with the
 * heartbeat's TTL: a dead node's summary disappears with its heartbeat.
 */
@ApplicationScoped
public class NodeSummaries {

  /** Redis round trips per {@link #alive()}. */
  public static final int ROUND_TRIPS = 2;

  private static final long MB = 1024 * 1024;

  /** How long a node missing from every heartbeat stays in the index before it is dropped. */
  private static final long FORGET_MILLIS = 24 * 3600 * 1000L;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject NodeIdentity node;
  @Inject PerformanceReport report;
  @Inject TaskMetrics tasks;
  @Inject SystemResources system;

  /** This node's summary now (no Redis). */
  public JsonObject summary() {
    TaskCounts counts = tasks.totals();
    SystemResources.Usage usage = system.read();
    return Json.createObjectBuilder()
        .add("node", node.id())
        .add("at", Instant.now().toString())
        .add("workers", report.workers())
        .add(
            "tasks",
            Json.createObjectBuilder()
                .add("completed", counts.completed())
                .add("failed", counts.failed()))
        .add(
            "system",
            Json.createObjectBuilder()
                .add("cpu_load", Math.round(usage.cpuLoad() * 1000) / 1000.0)
                .add("heap_used_mb", usage.heapUsedBytes() / MB)
                .add("heap_max_mb", usage.heapMaxBytes() / MB))
        .build();
  }

  /** Adds this node's summary to the heartbeat's pipeline, to live as long as the heartbeat. */
  void publish(AbstractPipeline pipeline, JsonObject summary, int ttlSeconds) {
    long now = System.currentTimeMillis();
    pipeline.set(
        keys.nodeSummary(node.id()), summary.toString(), SetParams.setParams().ex(ttlSeconds));
    pipeline.zadd(keys.nodeIndex(), now, node.id());
    pipeline.zremrangeByScore(keys.nodeIndex(), 0, now - FORGET_MILLIS);
  }

  /**
   * The summaries of the nodes alive, by node id, in two round trips (the index, then the
   * summaries).
   */
  public JsonArray alive() {
    List<String> ids = redis.zrange(keys.nodeIndex(), 0, -1);
    List<Response<String>> summaries = new ArrayList<>();
    if (!ids.isEmpty()) {
      try (AbstractPipeline pipeline = Pipelines.open(redis)) {
        for (String id : ids) {
          summaries.add(pipeline.get(keys.nodeSummary(id)));
        }
        pipeline.sync();
      }
    }
    JsonArrayBuilder alive = Json.createArrayBuilder();
    for (Response<String> summary : summaries) {
      if (summary.get() != null) {
        try (JsonReader reader = Json.createReader(new StringReader(summary.get()))) {
          alive.add(reader.readObject());
        }
      }
    }
    return alive.build();
  }
}
