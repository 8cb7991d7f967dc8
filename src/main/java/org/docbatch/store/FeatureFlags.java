package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.docbatch.redis.RedisKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The spec's feature flags ({@code features.autoscaling}, {@code .monitoring}, {@code .alerts}),
 * changeable on a running cluster: a flag set through {@code PUT /api/config/features} is kept in
 * Redis and wins over every node's configuration, which stays the default of a flag never set. Each
 * node reads the flags again at most every {@value #REFRESH_MILLIS} ms, as its schedulers ask, so a
 * change reaches every node within seconds without a message of its own; with Redis away the last
 * flags read stay.
 */
@ApplicationScoped
public class FeatureFlags {

  /** The flags, in the order the spec lists them. */
  public static final List<String> NAMES = List.of("autoscaling", "monitoring", "alerts");

  static final long REFRESH_MILLIS = 2_000;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  @Inject
  @ConfigProperty(name = "features.autoscaling", defaultValue = "true")
  boolean autoscaling;

  @Inject
  @ConfigProperty(name = "features.monitoring", defaultValue = "true")
  boolean monitoring;

  @Inject
  @ConfigProperty(name = "features.alerts", defaultValue = "false")
  boolean alerts;

  private volatile Map<String, String> set = Map.of();
  private volatile long readAt;

  /** {@code features.autoscaling}: false keeps every pool at its {@code max_workers}. */
  public boolean autoscaling() {
    return flag("autoscaling", autoscaling);
  }

  /** {@code features.monitoring}: the performance log and the alert evaluation. */
  public boolean monitoring() {
    return flag("monitoring", monitoring);
  }

  /** {@code features.alerts}: alerts sent to {@code ALERT_WEBHOOK_URL}. */
  public boolean alerts() {
    return flag("alerts", alerts);
  }

  /** Every flag as this node sees it now. */
  public Map<String, Boolean> all() {
    Map<String, Boolean> all = new LinkedHashMap<>();
    all.put("autoscaling", autoscaling());
    all.put("monitoring", monitoring());
    all.put("alerts", alerts());
    return all;
  }

  /** Sets flags for the whole cluster; the caller checked the names ({@link #NAMES}). */
  public void set(Map<String, Boolean> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    flags.forEach((name, on) -> values.put(name, Boolean.toString(on)));
    redis.hset(keys.features(), values);
    readAt = 0; // this node sees its own change at once
  }

  private boolean flag(String name, boolean configured) {
    long now = System.currentTimeMillis();
    if (now - readAt >= REFRESH_MILLIS) {
      readAt = now;
      try {
        set = Map.copyOf(redis.hgetAll(keys.features()));
      } catch (RuntimeException e) {
        // Redis away: the flags last read stand until it is back.
      }
    }
    String value = set.get(name);
    return value == null ? configured : Boolean.parseBoolean(value);
  }
}
