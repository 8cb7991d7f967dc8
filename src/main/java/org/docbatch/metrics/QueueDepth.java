package org.docbatch.metrics;

/**
 * One worker type's queue across the cluster, by tier (arrays indexed by {@link Tier#ordinal()}).
 *
 * @param waiting partitions waiting for a worker
 * @param delayed partitions waiting out a retry backoff
 * @param leased partitions a worker on some node runs now
 * @param deadLetters partitions in the type's dead-letter queue
 */
public record QueueDepth(long[] waiting, long[] delayed, long[] leased, long deadLetters) {

  static final QueueDepth EMPTY = new QueueDepth(new long[3], new long[3], new long[3], 0);

  /** Waiting and delayed: what {@code MAX_QUEUE_SIZE} limits. */
  public long queued() {
    return sum(waiting) + sum(delayed);
  }

  /** Queued in one tier (waiting and delayed). */
  public long queued(Tier tier) {
    return waiting[tier.ordinal()] + delayed[tier.ordinal()];
  }

  public long waitingTotal() {
    return sum(waiting);
  }

  public long delayedTotal() {
    return sum(delayed);
  }

  public long leasedTotal() {
    return sum(leased);
  }

  /** Queued and running: the work an autoscaler sizes a pool for. */
  public long backlog() {
    return queued() + leasedTotal();
  }

  private static long sum(long[] counts) {
    long sum = 0;
    for (long count : counts) {
      sum += count;
    }
    return sum;
  }
}
