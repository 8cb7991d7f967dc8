package org.docbatch.dispatch;

/**
 * A partition a worker runs now: its lease, when it started, and its thread, so that a run past
 * {@code WORKER_TIMEOUT} can be stopped and counted as a failed attempt.
 */
final class RunningPartition {

  private final PartitionQueue.Lease lease;
  private final long startedAt = System.currentTimeMillis();
  private volatile Thread thread;
  private volatile boolean timedOut;

  RunningPartition(PartitionQueue.Lease lease) {
    this.lease = lease;
  }

  PartitionQueue.Lease lease() {
    return lease;
  }

  long startedAt() {
    return startedAt;
  }

  void runsOn(Thread thread) {
    this.thread = thread;
  }

  /** Marks the run as over its time and interrupts it; its lease is no longer renewed. */
  void timeOut() {
    if (!timedOut) {
      timedOut = true;
      Thread running = thread;
      if (running != null) {
        running.interrupt();
      }
    }
  }

  boolean timedOut() {
    return timedOut;
  }
}
