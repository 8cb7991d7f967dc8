package org.docbatch.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.node.NodeIdentity;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Keeps this node's heartbeat key alive in Redis: written every {@code NODE_HEARTBEAT_INTERVAL}
 * seconds with a TTL of {@code NODE_TIMEOUT} seconds, holding this run's {@link
 * NodeIdentity#incarnation()}. An incarnation whose key has expired, or been replaced by a newer
 * run of the same node, is dead, and the jobs it coordinated are taken over.
 */
@ApplicationScoped
public class NodeHeartbeat {

  private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject NodeIdentity node;

  @Resource ManagedScheduledExecutorService scheduler;

  /** {@code NODE_HEARTBEAT_INTERVAL}: seconds between two heartbeats. */
  @Inject
  @ConfigProperty(name = "node.heartbeat.interval", defaultValue = "5")
  int intervalSeconds;

  /** {@code NODE_TIMEOUT}: seconds without a heartbeat after which a node counts as dead. */
  @Inject
  @ConfigProperty(name = "node.timeout", defaultValue = "20")
  int timeoutSeconds;

  @Inject NodeSummaries summaries;

  private ScheduledFuture<?> beat;

  /** Since when every heartbeat has reached Redis (null while they fail). */
  private volatile Long healthySince;

  @PostConstruct
  void init() {
    if (timeoutSeconds <= intervalSeconds) {
      throw new IllegalStateException(
          "DOCBATCH-0401 NODE_TIMEOUT ("
              + timeoutSeconds
              + " s) must be longer than NODE_HEARTBEAT_INTERVAL ("
              + intervalSeconds
              + " s)");
    }
    beat = scheduler.scheduleAtFixedRate(this::beat, 0, intervalSeconds, TimeUnit.SECONDS);
  }

  /** Is this incarnation of a node alive, as far as Redis knows? */
  public boolean isAlive(String incarnation) {
    return incarnation.equals(redis.get(keys.node(NodeIdentity.nodeOf(incarnation))));
  }

  /**
   * Whether this node's own heartbeats have reached Redis for a whole {@code NODE_TIMEOUT}: only
   * then may it take a missing heartbeat of another node for a dead node, rather than for an outage
   * it shared.
   */
  public boolean trusted() {
    Long since = healthySince;
    return since != null && System.currentTimeMillis() - since >= timeoutSeconds * 1000L;
  }

  public int intervalSeconds() {
    return intervalSeconds;
  }

  /**
   * Writes this node's heartbeat now (also run every interval), and in the same round trip the
   * node's summary for the dashboard ({@link NodeSummaries}).
   */
  public void beat() {
    JsonObject summary = summary();
    try {
      try (AbstractPipeline pipeline = Pipelines.open(redis)) {
        pipeline.set(
            keys.node(node.id()), node.incarnation(), SetParams.setParams().ex(timeoutSeconds));
        if (summary != null) {
          summaries.publish(pipeline, summary, timeoutSeconds);
        }
        pipeline.sync();
      }
      if (healthySince == null) {
        healthySince = System.currentTimeMillis();
      }
    } catch (RuntimeException e) {
      healthySince = null;
      // Redis away: the next beat tries again; readiness reports the outage.
      LOG.log(Level.FINE, "heartbeat of node " + node.id() + " failed", e);
    }
  }

  /** The summary to publish, or null if it cannot be read now: the heartbeat goes anyway. */
  private JsonObject summary() {
    try {
      return summaries.summary();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "node summary of " + node.id() + " not available", e);
      return null;
    }
  }
}
