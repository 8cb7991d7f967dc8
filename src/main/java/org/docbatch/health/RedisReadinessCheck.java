package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.docbatch.metrics.RedisProbe;
import org.docbatch.redis.RedisVersion;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the shared Redis answers, and is one docbatch runs on ({@link
 * RedisVersionGate}): without it no job can be submitted or processed. Its PING is timed into
 * {@code docbatch_redis_ping_seconds}; its version is in the check's data.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

  @Inject RedisProbe probe;
  @Inject RedisVersionGate versions;

  @Override
  public HealthCheckResponse call() {
    RedisProbe.Ping ping = probe.ping();
    if (ping.connected()) {
      Optional<RedisVersion> version = versions.version();
      if (version.isPresent() && !version.get().supported()) {
        return HealthCheckResponse.named("redis")
            .down()
            .withData("error", RedisVersionGate.refusal(version.get()))
            .build();
      }
      return HealthCheckResponse.named("redis")
          .up()
          .withData("latency_us", ping.latencyNanos() / 1_000)
          .withData("version", version.map(RedisVersion::toString).orElse("unknown"))
          .build();
    }
    return HealthCheckResponse.named("redis")
        .down()
        .withData("error", String.valueOf(ping.error()))
        .build();
  }
}
