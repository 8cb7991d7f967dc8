package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.docbatch.batch.engine.BatchEngine;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once docbatch's batch engine (its JSR-352 operator and threads) is up. */
@Startup
@ApplicationScoped
public class EngineStartupCheck implements HealthCheck {

  @Inject BatchEngine engine;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("batch-engine").status(engine.isStarted()).build();
  }
}
