package org.docbatch.worker.pool;

/**
 * The bounds of one worker type's pool on a node: the spec's {@code worker_pools.<type>} entry.
 *
 * @param type the worker type
 * @param minWorkers fewest workers the autoscaler leaves it ({@code <TYPE>_MIN_WORKERS})
 * @param maxWorkers most workers it may have ({@code <TYPE>_WORKERS}, the spec's pool size)
 * @param memoryLimitMb memory one worker may use ({@code <TYPE>_MEMORY_LIMIT}); enforced where a
 *     worker's memory can be measured apart from the server's: OCR's child processes
 * @param cpuLimit the machine's CPU load (0 to 1) above which the pool does not grow ({@code
 *     <TYPE>_CPU_LIMIT})
 * @param taskTimeoutSeconds seconds one document may run ({@code <TYPE>_TASK_TIMEOUT}, default
 *     {@code WORKER_TIMEOUT})
 */
public record PoolLimits(
    String type,
    int minWorkers,
    int maxWorkers,
    long memoryLimitMb,
    double cpuLimit,
    long taskTimeoutSeconds) {

  public PoolLimits {
    if (minWorkers < 0 || maxWorkers < 1 || minWorkers > maxWorkers) {
      throw new IllegalArgumentException(
          type
              + " pool: need 0 <= min_workers <= max_workers and max_workers >= 1, not "
              + minWorkers
              + " and "
              + maxWorkers);
    }
  }
}
