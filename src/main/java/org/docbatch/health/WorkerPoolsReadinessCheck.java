package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.docbatch.worker.pool.PartitionsOnNode;
import org.docbatch.worker.pool.PoolState;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this node's worker pools have started, each with at least one worker; its data shows
 * each pool as {@code workers/max_workers, busy} and the workers replaced since the start, and the
 * node's totals.
 */
@Readiness
@ApplicationScoped
public class WorkerPoolsReadinessCheck implements HealthCheck {

  @Inject PartitionsOnNode node;

  @Override
  public HealthCheckResponse call() {
    List<PoolState> pools = node.poolStates();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("worker-pools");
    boolean started = !pools.isEmpty();
    Map<String, Long> replaced = node.replacedWorkers();
    int workers = 0;
    int busy = 0;
    for (PoolState pool : pools) {
      started &= pool.workers() > 0;
      workers += pool.workers();
      busy += pool.busy();
      response.withData(
          pool.type(),
          pool.workers()
              + "/"
              + pool.maxWorkers()
              + " workers, "
              + pool.busy()
              + " busy, "
              + replaced.getOrDefault(pool.type(), 0L)
              + " replaced");
    }
    return response
        .withData("total_workers", workers)
        .withData("busy_workers", busy)
        .status(started)
        .build();
  }
}
