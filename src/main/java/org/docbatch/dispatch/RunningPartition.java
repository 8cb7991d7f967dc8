package org.docbatch.dispatch;

/**
 * A partition a worker runs now: its lease, when it started, and its thread, so that a run past
 * {@code WORKER_TIMEOUT} can be stopped and counted as a failed attempt.
 */
final class RunningPartition {

  private final PartitionQueue.Lease lease;
  private final long startedAt = System.currentTimeMillis();
  private Thread thread;
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

  /** The thread running it, or null once the run is over (under the same lock as timeOut). */
  synchronized void runsOn(Thread thread) {
    this.thread = thread;
  }

  /**
   * Marks the run as over its time and interrupts it, only while its thread still runs it (never
   * the next partition on that thread); its lease is no longer renewed.
   */
  synchronized void timeOut() {
    if (!timedOut) {
      timedOut = true;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  boolean timedOut() {
    return timedOut;
  }
}
