package org.docbatch.worker.pool;

import org.docbatch.dispatch.queue.PartitionQueue;

/**
 * A partition a worker runs now: its lease, when it started, and its thread, so that a run past its
 * pool's task timeout can be stopped and counted as a failed attempt, a worker that ignores the
 * stop can be given up, and a node that shuts down can hand the partition back to its queue.
 */
final class RunningPartition {

  private final PartitionQueue.Lease lease;
  private final long startedAt = System.currentTimeMillis();
  private Thread thread;
  private volatile long timedOutAt;
  private volatile boolean returned;
  private volatile boolean failed;

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
    if (timedOutAt == 0) {
      timedOutAt = System.currentTimeMillis();
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  boolean timedOut() {
    return timedOutAt != 0;
  }

  /** When it was told to stop for its time, 0 if never. */
  long timedOutAt() {
    return timedOutAt;
  }

  /**
   * The node is shutting down and handed this partition back to its queue: whatever the interrupted
   * run says when it ends is not reported, since another worker runs it again.
   */
  synchronized void returnToQueue() {
    returned = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  boolean returned() {
    return returned;
  }

  /** The run failed (a crash or a timeout: not a document that failed), and may run again. */
  void markFailed() {
    failed = true;
  }

  boolean failed() {
    return failed;
  }
}
