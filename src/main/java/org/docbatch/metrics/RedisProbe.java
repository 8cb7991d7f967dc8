package org.docbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;

/**
 * Times a PING of the shared Redis, from the readiness check and the periodic alert evaluation:
 * {@code docbatch_redis_ping_seconds} (a timer: count, sum, max), {@code docbatch_redis_up} (1
 * while the last PING answered) and {@code docbatch_redis_latency_seconds} (the last PING's time).
 */
@ApplicationScoped
public class RedisProbe {

  /** The last PING: whether it answered, how long it took, and its error if it did not. */
  public record Ping(boolean connected, long latencyNanos, String error) {

    public double latencyMillis() {
      return latencyNanos / 1e6;
    }
  }

  @Inject UnifiedJedis redis;
  @Inject MeterRegistry registry;

  private Timer timer;
  private volatile Ping last = new Ping(false, 0, "not pinged yet");

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    timer = registry.timer("docbatch.redis.ping", Tags.empty());
    registry.gauge("docbatch.redis.up", Tags.empty(), this, p -> p.last.connected() ? 1 : 0);
    registry.gauge(
        "docbatch.redis.latency.seconds", Tags.empty(), this, p -> p.last.latencyNanos() / 1e9);
  }

  /** PINGs Redis now. */
  public Ping ping() {
    long started = System.nanoTime();
    Ping ping;
    try {
      redis.ping();
      ping = new Ping(true, System.nanoTime() - started, null);
      if (timer != null) {
        timer.record(ping.latencyNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (RuntimeException e) {
      ping = new Ping(false, System.nanoTime() - started, String.valueOf(e.getMessage()));
    }
    last = ping;
    return ping;
  }

  /** The last PING's answer. */
  public Ping last() {
    return last;
  }
}
