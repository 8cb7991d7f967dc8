package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.UnifiedJedis;

/** Ready only while the shared Redis answers: without it no job can be submitted or processed. */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

  @Inject UnifiedJedis redis;

  @Override
  public HealthCheckResponse call() {
    long started = System.nanoTime();
    try {
      redis.ping();
      long micros = (System.nanoTime() - started) / 1_000;
      return HealthCheckResponse.named("redis").up().withData("latency_us", micros).build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("redis")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
