package org.docbatch.worker.pool;

import java.util.Locale;

/**
 * Decides a pool's size from its signals: grow at once to meet waiting work, up to {@code
 * max_workers} and the node's {@code MAX_WORKERS}, unless the machine's CPU is above the pool's
 * {@code cpu_limit}, the heap is nearly full or runs fail more often than {@code MAX_ERROR_RATE}
 * (more workers would only fail faster); shrink only after {@link #IDLE_CHECKS_BEFORE_SHRINKING}
 * checks in a row found idle workers and nothing waiting, and then by half of the idle workers,
 * never below {@code min_workers} or the busy ones. Growing fast and shrinking slowly is the
 * hysteresis that keeps a pool from flapping when work comes in bursts.
 */
public final class ScalingPolicy {

  /** Consecutive idle checks (this one included) before a pool shrinks. */
  public static final int IDLE_CHECKS_BEFORE_SHRINKING = 3;

  /** Heap fraction in use above which no pool grows. */
  static final double HEAP_HIGH = 0.9;

  /** Runs a pool must have finished since the last check before its error rate counts. */
  static final int ERROR_RATE_SAMPLE = 10;

  private final double maxErrorRate;

  /**
   * @param maxErrorRate {@code MAX_ERROR_RATE}, 0 to 1
   */
  public ScalingPolicy(double maxErrorRate) {
    this.maxErrorRate = maxErrorRate;
  }

  /**
   * @param pool the pool's signals
   * @param headroom workers the node may still add before reaching {@code MAX_WORKERS}
   */
  public ScalingDecision decide(PoolSignals pool, int headroom) {
    PoolLimits limits = pool.limits();
    int current = pool.workers();
    if (current < limits.minWorkers()) {
      return ScalingDecision.to(current, limits.minWorkers(), "min_workers", "below min_workers");
    }
    if (current > limits.maxWorkers()) {
      return ScalingDecision.to(current, limits.maxWorkers(), "max_workers", "above max_workers");
    }
    long demand = pool.busy() + pool.waiting();
    if (demand > current && current < limits.maxWorkers()) {
      return grow(pool, headroom, demand);
    }
    if (pool.idle() && current > limits.minWorkers()) {
      int checks = pool.idleChecks() + 1;
      if (checks < IDLE_CHECKS_BEFORE_SHRINKING) {
        return ScalingDecision.to(
            current,
            current,
            "idle",
            "idle ("
                + pool.busy()
                + " of "
                + current
                + " busy), check "
                + checks
                + " of "
                + IDLE_CHECKS_BEFORE_SHRINKING
                + " before shrinking");
      }
      int idleWorkers = current - pool.busy();
      int target = Math.max(limits.minWorkers(), current - (idleWorkers + 1) / 2);
      return ScalingDecision.to(
          current,
          target,
          "idle",
          "idle for "
              + checks
              + " checks: "
              + pool.busy()
              + " of "
              + current
              + " busy, nothing waiting");
    }
    return ScalingDecision.to(
        current,
        current,
        "steady",
        "steady: " + pool.busy() + " of " + current + " busy, " + pool.waiting() + " waiting");
  }

  private ScalingDecision grow(PoolSignals pool, int headroom, long demand) {
    int current = pool.workers();
    String load = pool.waiting() + " waiting, " + pool.busy() + " of " + current + " busy";
    if (headroom <= 0) {
      return ScalingDecision.to(
          current, current, "max_workers", load + ", but the node has MAX_WORKERS workers");
    }
    if (pool.cpuLoad() > pool.limits().cpuLimit()) {
      return ScalingDecision.to(
          current,
          current,
          "cpu_limit",
          load
              + ", but CPU load "
              + percent(pool.cpuLoad())
              + " is above cpu_limit "
              + percent(pool.limits().cpuLimit()));
    }
    if (pool.heapUsed() > HEAP_HIGH) {
      return ScalingDecision.to(
          current,
          current,
          "heap",
          load + ", but " + percent(pool.heapUsed()) + " of the heap is used");
    }
    if (pool.finished() >= ERROR_RATE_SAMPLE && pool.errorRate() > maxErrorRate) {
      return ScalingDecision.to(
          current,
          current,
          "error_rate",
          load
              + ", but "
              + percent(pool.errorRate())
              + " of runs failed (MAX_ERROR_RATE "
              + percent(maxErrorRate)
              + ")");
    }
    int target = (int) Math.min(pool.limits().maxWorkers(), Math.min(demand, current + headroom));
    return ScalingDecision.to(current, target, "demand", load);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }
}
