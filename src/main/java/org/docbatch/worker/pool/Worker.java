package org.docbatch.worker.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker of a pool: a thread of its own that runs the partitions its pool's taker hands over,
 * one at a time, and keeps the outcome of its last runs. Its beat is the start and the end of each
 * run: a worker busy past its pool's task timeout is stopped, and one that ignores the stop, or
 * whose runs fail more often than {@code MAX_ERROR_RATE}, is replaced by a new one.
 */
final class Worker implements Runnable {

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  /** Runs remembered for the error rate; no verdict before {@link #SAMPLE} of them. */
  private static final int WINDOW = 20;

  private static final int SAMPLE = 10;

  private final WorkerPool pool;
  private final String id;
  private final Deque<Boolean> lastRuns = new ArrayDeque<>(WINDOW);
  private volatile long threadId = -1;
  private volatile RunningPartition current;
  private volatile boolean retiring;

  Worker(WorkerPool pool, String id) {
    this.pool = pool;
    this.id = id;
  }

  String id() {
    return id;
  }

  /** The partition it runs now, or null. */
  RunningPartition current() {
    return current;
  }

  /** Finish the run in hand, if any, then stop. */
  void retire() {
    retiring = true;
  }

  boolean retiring() {
    return retiring;
  }

  /** The worker's use of CPU and heap so far; zero before its thread runs. */
  WorkerUsage usage() {
    long thread = threadId;
    return thread < 0
        ? new WorkerUsage(pool.type(), id, current != null, 0, 0)
        : new WorkerUsage(
            pool.type(),
            id,
            current != null,
            ThreadUsage.cpuNanos(thread),
            ThreadUsage.allocatedBytes(thread));
  }

  @Override
  public void run() {
    threadId = Thread.currentThread().getId();
    try {
      while (!retiring) {
        RunningPartition next = pool.next();
        if (next == null) {
          continue; // nothing handed over for a while: look again whether to retire
        }
        current = next;
        boolean failed;
        try {
          failed = !runOne(next);
        } finally {
          current = null;
          pool.finished(next);
        }
        if (failsTooOften(failed)) {
          pool.replace(this, "more than MAX_ERROR_RATE of its last runs failed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.exited(this);
    }
  }

  private boolean runOne(RunningPartition running) {
    running.runsOn(Thread.currentThread());
    try {
      new PartitionRun(pool.node().runContext(), pool.type(), id, running).run();
      return !running.failed();
    } catch (RuntimeException | Error e) {
      // Redis lost mid-run, or a bug: the lease runs out and the partition is run again.
      LOG.log(
          Level.WARNING, e, () -> "DOCBATCH-0501 A " + pool.type() + " partition could not finish");
      return false;
    } finally {
      running.runsOn(null);
      Thread.interrupted(); // a timeout that came late must not reach the next partition
    }
  }

  /** Remembers a run's outcome; true when the worker now fails too often to keep. */
  private boolean failsTooOften(boolean failed) {
    if (lastRuns.size() == WINDOW) {
      lastRuns.removeFirst();
    }
    lastRuns.addLast(failed);
    if (lastRuns.size() < SAMPLE) {
      return false;
    }
    int failures = 0;
    for (boolean run : lastRuns) {
      failures += run ? 1 : 0;
    }
    return (double) failures / lastRuns.size() > pool.node().maxErrorRate();
  }
}
