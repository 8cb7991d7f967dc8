package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the JVM has heap to work with. Redis being away does not make docbatch dead
 * (readiness says that): restarting the node would not bring Redis back.
 */
@Liveness
@ApplicationScoped
public class JvmLivenessCheck implements HealthCheck {

  private static final double MAX_HEAP_USED = 0.98;

  @Override
  public HealthCheckResponse call() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    long max = runtime.maxMemory();
    return HealthCheckResponse.named("jvm")
        .status((double) used / max < MAX_HEAP_USED)
        .withData("heap_used_mb", used / (1024 * 1024))
        .withData("heap_max_mb", max / (1024 * 1024))
        .build();
  }
}
