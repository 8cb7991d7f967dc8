package org.docbatch.worker.pool;

/**
 * What the autoscaler knows of one pool at one check.
 *
 * @param limits the pool's bounds
 * @param workers workers it has
 * @param busy workers running a document
 * @param waiting documents of its type waiting in the shared queue (all nodes')
 * @param finished runs this pool finished since the last check
 * @param failedRuns of those, runs that failed (a crash or a timeout, not a bad document)
 * @param cpuLoad the machine's CPU load, 0 to 1 (negative when unknown)
 * @param heapUsed the fraction of the JVM's maximum heap in use, 0 to 1
 * @param idleChecks how many checks in a row before this one found the pool with idle workers and
 *     nothing waiting
 */
public record PoolSignals(
    PoolLimits limits,
    int workers,
    int busy,
    long waiting,
    long finished,
    long failedRuns,
    double cpuLoad,
    double heapUsed,
    int idleChecks) {

  /** Failed runs over finished runs since the last check, 0 when none finished. */
  public double errorRate() {
    return finished == 0 ? 0 : (double) failedRuns / finished;
  }

  /** Nothing waits and some workers have nothing to do. */
  public boolean idle() {
    return waiting == 0 && busy < workers;
  }
}
