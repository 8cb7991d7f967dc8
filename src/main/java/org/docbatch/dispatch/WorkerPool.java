package org.docbatch.dispatch;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The workers of one type on this node: a fixed number of threads, and one thread that takes from
 * the type's queue only as many partitions as there are idle workers (it never takes work it has no
 * room for), polling more slowly while the queue is empty.
 */
final class WorkerPool {

  private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());
  private static final long MIN_IDLE_MILLIS = 5;
  private static final long MAX_IDLE_MILLIS = 100;

  private final PartitionsOnNode node;
  private final String type;
  private final int size;
  private final Semaphore idle;
  private final ExecutorService workers;
  private final Thread taker;

  /** The partitions this pool runs now, for lease renewal and timeouts. */
  private final Map<PartitionQueue.Lease, RunningPartition> held = new ConcurrentHashMap<>();

  private volatile boolean running = true;

  WorkerPool(PartitionsOnNode node, String type, int size, ManagedThreadFactory threads) {
    this.node = node;
    this.type = type;
    this.size = size;
    this.idle = new Semaphore(size);
    this.workers = Executors.newFixedThreadPool(size, threads);
    this.taker = threads.newThread(this::take);
    taker.setName("docbatch-" + type + "-taker");
  }

  void start() {
    taker.start();
  }

  void stop() {
    running = false;
    taker.interrupt();
    workers.shutdownNow();
  }

  String type() {
    return type;
  }

  PoolState state() {
    return new PoolState(type, size, size, size, held.size());
  }

  /** The partitions this pool runs now. */
  Iterable<RunningPartition> running() {
    return held.values();
  }

  private void take() {
    long idleMillis = MIN_IDLE_MILLIS;
    while (running) {
      try {
        idle.acquire();
        int room = 1 + idle.drainPermits();
        List<PartitionQueue.Lease> taken = takeFromQueue(room);
        idle.release(room - taken.size());
        if (taken.isEmpty()) {
          Thread.sleep(idleMillis);
          idleMillis = Math.min(MAX_IDLE_MILLIS, idleMillis * 2);
          continue;
        }
        idleMillis = MIN_IDLE_MILLIS;
        for (PartitionQueue.Lease lease : taken) {
          RunningPartition running = new RunningPartition(lease);
          held.put(lease, running);
          workers.execute(() -> run(running));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<PartitionQueue.Lease> takeFromQueue(int room) throws InterruptedException {
    try {
      return node.queue().take(type, room, node.leaseMillis());
    } catch (RuntimeException e) {
      // Redis away: try again a little later; readiness reports the outage.
      LOG.log(Level.FINE, "taking from the " + type + " queue failed", e);
      Thread.sleep(MAX_IDLE_MILLIS);
      return List.of();
    }
  }

  private void run(RunningPartition running) {
    running.runsOn(Thread.currentThread());
    try {
      new PartitionRun(node, type, running).run();
    } catch (RuntimeException | Error e) {
      // Redis lost mid-run, or a bug: the lease runs out and the partition is run again.
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0501 A " + type + " partition could not finish");
    } finally {
      running.runsOn(null);
      Thread.interrupted(); // a timeout that came late must not reach the next partition
      held.remove(running.lease());
      idle.release();
    }
  }
}
