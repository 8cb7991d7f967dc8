package org.docbatch.worker.pool;

/**
 * How many workers a pool should have after one check, and why.
 *
 * @param workers the pool's new size (its current size when it holds)
 * @param change whether the pool grows, shrinks or holds
 * @param cause the reason's kind, stable across checks ({@code demand}, {@code idle}, {@code
 *     cpu_limit}, {@code heap}, {@code error_rate}, {@code max_workers}, {@code min_workers},
 *     {@code steady}): a hold is logged again only when its cause changes
 * @param reason the reason with its figures, as the log line and the operator read it
 */
public record ScalingDecision(int workers, Change change, String cause, String reason) {

  /** Which way a decision moves a pool. */
  public enum Change {
    GROW,
    SHRINK,
    HOLD;

    /** Lower case, as a metric tag. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static ScalingDecision to(int current, int workers, String cause, String reason) {
    Change change =
        workers > current ? Change.GROW : workers < current ? Change.SHRINK : Change.HOLD;
    return new ScalingDecision(workers, change, cause, reason);
  }
}
