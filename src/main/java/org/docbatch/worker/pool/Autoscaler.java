package org.docbatch.worker.pool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.node.SystemLoad;

/**
 * Resizes this node's pools every {@code AUTOSCALING_INTERVAL} seconds by the {@link
 * ScalingPolicy}, from each queue's length (shared by all nodes), each pool's busy workers and its
 * runs since the last check, and the machine's CPU and the JVM's heap. A taker that filled all its
 * room asks for a check at once (at most one a second), so that a pool grows within a second of
 * work arriving rather than at the next interval; pools shrink only at interval checks. Every
 * change, and every growth held back, is logged with its reason and counted.
 */
final class Autoscaler {

  private static final Logger LOG = Logger.getLogger(Autoscaler.class.getName());
  private static final long MIN_MILLIS_BETWEEN_CHECKS = 1_000;

  private final List<WorkerPool> pools;
  private final PartitionQueue queue;
  private final ScalingPolicy policy;
  private final BooleanSupplier enabled;
  private final IntSupplier maxWorkers;
  private final DecisionCounter counter;

  private final Map<String, long[]> lastRuns = new HashMap<>();
  private final Map<String, Integer> idleChecks = new HashMap<>();
  private final Map<String, String> lastHoldCause = new HashMap<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile long lastCheck;

  /** Counts decisions as metrics. */
  interface DecisionCounter {
    void count(String type, ScalingDecision.Change change);
  }

  Autoscaler(
      List<WorkerPool> pools,
      PartitionQueue queue,
      ScalingPolicy policy,
      BooleanSupplier enabled,
      IntSupplier maxWorkers,
      DecisionCounter counter) {
    this.pools = pools;
    this.queue = queue;
    this.policy = policy;
    this.enabled = enabled;
    this.maxWorkers = maxWorkers;
    this.counter = counter;
  }

  /** The interval check: every pool may grow or shrink. */
  void check() {
    run(true);
  }

  /** A taker filled its room: grow now if the last check is a second old. */
  boolean checkSoon() {
    return System.currentTimeMillis() - lastCheck >= MIN_MILLIS_BETWEEN_CHECKS;
  }

  /** The early check a taker asked for: pools may grow, none shrinks. */
  void growIfNeeded() {
    run(false);
  }

  private void run(boolean mayShrink) {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    try {
      lastCheck = System.currentTimeMillis();
      if (!enabled.getAsBoolean()) {
        holdAtMax();
        return;
      }
      Map<String, Long> waiting = queue.waiting(pools.stream().map(WorkerPool::type).toList());
      double cpu = SystemLoad.cpuLoad();
      double heapUsed = SystemLoad.heapUsed();
      for (WorkerPool pool : pools) {
        decide(pool, waiting.getOrDefault(pool.type(), 0L), cpu, heapUsed, mayShrink);
      }
    } catch (RuntimeException e) {
      // Redis away: the pools keep their size until the next check.
      LOG.log(Level.FINE, "autoscaling check failed", e);
    } finally {
      checking.set(false);
    }
  }

  /**
   * Autoscaling off (FEATURES_AUTOSCALING=false, at start or since): every pool at its {@code
   * max_workers}, as far as {@code MAX_WORKERS} leaves room, as a node started without it.
   */
  private void holdAtMax() {
    int room = maxWorkers.getAsInt() - pools.stream().mapToInt(WorkerPool::size).sum();
    for (WorkerPool pool : pools) {
      int target = Math.min(pool.limits().maxWorkers(), pool.size() + Math.max(0, room));
      if (target > pool.size()) {
        room -= target - pool.size();
        LOG.info(
            () ->
                "DOCBATCH-0609 Pool "
                    + pool.type()
                    + " set to "
                    + target
                    + " workers: autoscaling is off");
        pool.resize(target);
      }
    }
  }

  private void decide(
      WorkerPool pool, long waiting, double cpu, double heapUsed, boolean mayShrink) {
    String type = pool.type();
    long[] before = lastRuns.getOrDefault(type, new long[2]);
    long finished = pool.finishedRuns();
    long failed = pool.failedRuns();
    PoolState state = pool.state();
    PoolSignals signals =
        new PoolSignals(
            pool.limits(),
            state.workers(),
            state.busy(),
            waiting,
            finished - before[0],
            failed - before[1],
            cpu,
            heapUsed,
            idleChecks.getOrDefault(type, 0));
    int total = pools.stream().mapToInt(WorkerPool::size).sum();
    ScalingDecision decision = policy.decide(signals, maxWorkers.getAsInt() - total);
    if (decision.change() == ScalingDecision.Change.SHRINK && !mayShrink) {
      return;
    }
    if (mayShrink) {
      lastRuns.put(type, new long[] {finished, failed});
      idleChecks.put(type, signals.idle() ? signals.idleChecks() + 1 : 0);
    }
    if (decision.change() == ScalingDecision.Change.HOLD) {
      if (waiting > 0 && !decision.cause().equals(lastHoldCause.put(type, decision.cause()))) {
        counter.count(type, decision.change());
        LOG.info(
            () ->
                "DOCBATCH-0604 Pool "
                    + type
                    + " holds at "
                    + state.workers()
                    + " workers: "
                    + decision.reason());
      } else {
        LOG.fine(() -> "pool " + type + " holds: " + decision.reason());
      }
      return;
    }
    lastHoldCause.remove(type);
    idleChecks.put(type, 0);
    pool.resize(decision.workers());
    counter.count(type, decision.change());
    LOG.info(
        () ->
            "DOCBATCH-0605 Pool "
                + type
                + (decision.change() == ScalingDecision.Change.GROW ? " grows" : " shrinks")
                + " from "
                + state.workers()
                + " to "
                + decision.workers()
                + " workers: "
                + decision.reason());
  }
}
