package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.docbatch.dispatch.PoolState;
import org.docbatch.metrics.PoolMetrics;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * This node's worker pools, for an operator reading {@code /health/ready}: per type {@code <type>}:
 * "busy/workers (min..max)", and the totals. Always UP: a node whose workers are all busy still
 * takes submissions (they queue), and a full node is the autoscaler's concern, not the load
 * balancer's.
 */
@Readiness
@ApplicationScoped
public class WorkerPoolsReadinessCheck implements HealthCheck {

  @Inject PoolMetrics pools;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("workers").up();
    int workers = 0;
    int busy = 0;
    for (PoolState pool : pools.pools()) {
      workers += pool.workers();
      busy += pool.busy();
      response.withData(
          pool.type(),
          pool.busy()
              + "/"
              + pool.workers()
              + " busy ("
              + pool.minWorkers()
              + ".."
              + pool.maxWorkers()
              + ")");
    }
    return response.withData("total_workers", workers).withData("busy_workers", busy).build();
  }
}
