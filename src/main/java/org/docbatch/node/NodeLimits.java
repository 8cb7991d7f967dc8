package org.docbatch.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What one node may spend on workers, read once for every layer that sizes something by it: the
 * worker pools, the Redis connection pool (every worker may hold a connection at once) and the OCR
 * engines (a child process's heap).
 */
@ApplicationScoped
public class NodeLimits {

  /** {@code MAX_WORKERS}: workers of all types together on this node. */
  @Inject
  @ConfigProperty(name = "max.workers", defaultValue = "50")
  int maxWorkers;

  /** {@code MAX_MEMORY_PER_WORKER}: MB a worker may use, unless its pool says otherwise. */
  @Inject
  @ConfigProperty(name = "max.memory.per.worker", defaultValue = "1024")
  long maxMemoryPerWorkerMb;

  public int maxWorkers() {
    return maxWorkers;
  }

  public long maxMemoryPerWorkerMb() {
    return maxMemoryPerWorkerMb;
  }
}
