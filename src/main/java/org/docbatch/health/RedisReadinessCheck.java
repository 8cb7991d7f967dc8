package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.docbatch.metrics.RedisProbe;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the shared Redis answers: without it no job can be submitted or processed. Its
 * PING is timed into {@code docbatch_redis_ping_seconds}.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

  @Inject RedisProbe probe;

  @Override
  public HealthCheckResponse call() {
    RedisProbe.Ping ping = probe.ping();
    if (ping.connected()) {
      return HealthCheckResponse.named("redis")
          .up()
          .withData("latency_us", ping.latencyNanos() / 1_000)
          .build();
    }
    return HealthCheckResponse.named("redis")
        .down()
        .withData("error", String.valueOf(ping.error()))
        .build();
  }
}
