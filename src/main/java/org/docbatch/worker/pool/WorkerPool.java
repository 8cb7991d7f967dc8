package org.docbatch.worker.pool;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.OutageBackoff;
import org.docbatch.dispatch.queue.PartitionQueue;

/**
 * The workers of one type on this node, between {@code min_workers} and {@code max_workers} of them
 * as the autoscaler decides, and one taker thread that takes from the type's queue only as many
 * partitions as there are workers without one (it never takes work it has no room for), polling
 * more slowly while the queue is empty (but at once when this node queues work of its type) and
 * backing off while Redis is away.
 */
final class WorkerPool {

  private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());
  private static final long MIN_IDLE_MILLIS = 5;

  /**
   * The longest an idle taker waits before it looks at its queue again: partitions queued on any
   * node wake it at once (QueuedAnywhere), so this is the safety net for a wake-up lost, and it
   * keeps an idle node's takes to about one a second a pool.
   */
  private static final long MAX_IDLE_MILLIS = 1_000;

  /** How long an idle worker waits for a partition before it looks whether to retire. */
  private static final long HANDOFF_WAIT_MILLIS = 250;

  private final PartitionsOnNode node;
  private final PoolLimits limits;

  /** CPU time and bytes allocated by workers that have exited (retired or replaced). */
  private long exitedCpuNanos;

  private long exitedAllocatedBytes;
  private final ManagedThreadFactory threads;
  private final Thread taker;
  private final OutageBackoff backoff;
  private final BlockingQueue<RunningPartition> handoff = new LinkedBlockingQueue<>();
  private final AtomicInteger numbers = new AtomicInteger();

  /** Workers that count toward the pool's size (not retiring, not given up). */
  private final List<Worker> workers = new ArrayList<>();

  /** Partitions taken and not yet finished: handed over or running. */
  private final Map<PartitionQueue.Lease, RunningPartition> held = new ConcurrentHashMap<>();

  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong failedRuns = new AtomicLong();
  private final AtomicLong replaced = new AtomicLong();

  private volatile boolean taking = true;

  /** Partitions of this type were queued here since the taker last found the queue empty. */
  private boolean queuedMeanwhile;

  WorkerPool(PartitionsOnNode node, PoolLimits limits, ManagedThreadFactory threads) {
    this.node = node;
    this.limits = limits;
    this.threads = threads;
    this.backoff = new OutageBackoff("taking from the " + limits.type() + " queue");
    this.taker = threads.newThread(this::take);
    taker.setName("docbatch-" + limits.type() + "-taker");
  }

  void start(int size) {
    resize(size);
    taker.start();
    LOG.info(
        () ->
            "DOCBATCH-0601 Worker pool "
                + type()
                + " started successfully with "
                + size
                + " workers ("
                + limits.minWorkers()
                + " to "
                + limits.maxWorkers()
                + ")");
  }

  String type() {
    return limits.type();
  }

  PoolLimits limits() {
    return limits;
  }

  PartitionsOnNode node() {
    return node;
  }

  synchronized int size() {
    return workers.size();
  }

  PoolState state() {
    return new PoolState(type(), limits.minWorkers(), limits.maxWorkers(), size(), held.size());
  }

  /** Runs finished and runs failed since the pool started, and workers replaced. */
  long finishedRuns() {
    return finished.get();
  }

  long failedRuns() {
    return failedRuns.get();
  }

  long replacedWorkers() {
    return replaced.get();
  }

  /** The partitions this pool holds now: handed over or running. */
  Iterable<RunningPartition> running() {
    return held.values();
  }

  /**
   * Stops the runs past the pool's task timeout, gives up the workers that ignored such a stop for
   * {@code graceMillis}, and says which leases to renew: those of every other partition held.
   */
  List<PartitionQueue.Lease> supervise(long now, long graceMillis) {
    List<PartitionQueue.Lease> renew = new ArrayList<>();
    for (RunningPartition running : held.values()) {
      if (running.returned()) {
        continue;
      }
      if (now - running.startedAt() >= limits.taskTimeoutSeconds() * 1000) {
        running.timeOut();
      } else {
        renew.add(running.lease());
      }
    }
    List<Worker> stuck;
    synchronized (this) {
      stuck =
          workers.stream()
              .filter(
                  w -> {
                    RunningPartition current = w.current();
                    return current != null
                        && current.timedOut()
                        && now - current.timedOutAt() > graceMillis;
                  })
              .toList();
    }
    stuck.forEach(
        w ->
            replace(
                w,
                "it ran past its task timeout and did not stop within "
                    + graceMillis / 1000
                    + " s"));
    return renew;
  }

  /**
   * Takes back the partitions handed over that no worker started yet (the node is shutting down).
   */
  List<RunningPartition> withdrawUnstarted() {
    List<RunningPartition> unstarted = new ArrayList<>();
    handoff.drainTo(unstarted);
    unstarted.forEach(
        running -> {
          running.returnToQueue();
          held.remove(running.lease());
        });
    return unstarted;
  }

  /** Gives the pool this many workers: new ones start at once, idle ones retire first. */
  synchronized void resize(int size) {
    while (workers.size() < size) {
      Worker worker = new Worker(this, type() + "-" + numbers.incrementAndGet());
      Thread thread = threads.newThread(worker);
      thread.setName("docbatch-" + worker.id());
      workers.add(worker);
      thread.start();
    }
    if (workers.size() > size) {
      List<Worker> leaving = new ArrayList<>();
      workers.stream()
          .filter(w -> w.current() == null)
          .limit(workers.size() - size)
          .forEach(leaving::add);
      workers.stream()
          .filter(w -> !leaving.contains(w))
          .limit(workers.size() - size - leaving.size())
          .forEach(leaving::add);
      leaving.forEach(Worker::retire);
      workers.removeAll(leaving);
    }
    notifyAll();
  }

  /**
   * Gives up a worker and starts another in its place: its partition, if it still runs one, is no
   * longer renewed and goes back to the queue when its lease runs out.
   */
  void replace(Worker worker, String why) {
    synchronized (this) {
      if (!workers.remove(worker)) {
        return;
      }
      worker.retire();
      RunningPartition stuck = worker.current();
      if (stuck != null) {
        held.remove(stuck.lease());
      }
      replaced.incrementAndGet();
      resize(workers.size() + 1);
    }
    node.workerReplaced(type(), why);
    LOG.warning(() -> "DOCBATCH-0602 Worker " + worker.id() + " replaced: " + why);
  }

  /** Stops taking work; what is held runs on. */
  void stopTaking() {
    taking = false;
    taker.interrupt();
  }

  /** Whether any partition is still held. */
  boolean busy() {
    return !held.isEmpty();
  }

  /** Retires every worker and interrupts what still runs. */
  void stop() {
    stopTaking();
    synchronized (this) {
      workers.forEach(Worker::retire);
      workers.clear();
      notifyAll();
    }
    held.values().forEach(RunningPartition::returnToQueue);
  }

  /** The next partition for a worker, or null after a short wait without one. */
  RunningPartition next() throws InterruptedException {
    RunningPartition next = handoff.poll(HANDOFF_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    if (next != null && handoff.isEmpty()) {
      synchronized (this) {
        notifyAll(); // the taker may wait for the hand-off to run dry
      }
    }
    return next;
  }

  /** A worker is done with a partition. */
  void finished(RunningPartition running) {
    finished.incrementAndGet();
    if (running.failed()) {
      failedRuns.incrementAndGet();
    }
    held.remove(running.lease());
    synchronized (this) {
      notifyAll();
    }
  }

  /** A worker's thread ends. */
  synchronized void exited(Worker worker) {
    // Called on the worker's own thread, still alive: its last reading is its total.
    WorkerUsage last = worker.usage();
    exitedCpuNanos += last.cpuNanos();
    exitedAllocatedBytes += last.allocatedBytes();
    workers.remove(worker);
  }

  /** Each worker's use now. */
  synchronized List<WorkerUsage> workerUsage() {
    return workers.stream().map(Worker::usage).toList();
  }

  /** CPU time and bytes allocated by every worker the pool has had: {cpu nanos, bytes}. */
  synchronized long[] totalUsage() {
    long cpu = exitedCpuNanos;
    long bytes = exitedAllocatedBytes;
    for (Worker worker : workers) {
      WorkerUsage usage = worker.usage();
      cpu += usage.cpuNanos();
      bytes += usage.allocatedBytes();
    }
    return new long[] {cpu, bytes};
  }

  private void take() {
    long idleMillis = MIN_IDLE_MILLIS;
    while (taking) {
      try {
        int room = awaitRoom();
        List<PartitionQueue.Lease> taken = takeFromQueue(room);
        if (taken == null) {
          continue; // Redis away: backed off already
        }
        if (taken.isEmpty()) {
          idle(idleMillis);
          idleMillis = Math.min(MAX_IDLE_MILLIS, idleMillis * 2);
          continue;
        }
        idleMillis = MIN_IDLE_MILLIS;
        for (PartitionQueue.Lease lease : taken) {
          RunningPartition running = new RunningPartition(lease);
          held.put(lease, running);
          handoff.add(running);
        }
        if (taken.size() == room && size() < limits.maxWorkers()) {
          node.morePossiblyWaiting(type());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Waits until there is room worth a trip to Redis: a worker without a partition to start next, or
   * a quarter of the pool without one. Taking a partition or two as each worker finishes would cost
   * a script call per document or two.
   */
  private synchronized int awaitRoom() throws InterruptedException {
    while (room() <= 0 || (room() < Math.max(1, workers.size() / 4) && !handoff.isEmpty())) {
      wait(1_000);
    }
    return room();
  }

  private int room() {
    return workers.size() - held.size();
  }

  /** Waits while the queue was empty, unless this node queues partitions of the type meanwhile. */
  private synchronized void idle(long millis) throws InterruptedException {
    if (!queuedMeanwhile) {
      wait(millis);
    }
    queuedMeanwhile = false;
  }

  /** This node queued partitions of the pool's type: an idle taker looks at once. */
  synchronized void queuedHere() {
    queuedMeanwhile = true;
    notifyAll();
  }

  private List<PartitionQueue.Lease> takeFromQueue(int room) throws InterruptedException {
    try {
      PartitionQueue.Taken taken =
          node.queue().take(type(), room, node.leaseMillis(), node.attempts(type()));
      backoff.succeeded();
      taken.deadLettered().forEach(member -> node.killedOnEveryAttempt(type(), member));
      return taken.leases();
    } catch (RuntimeException e) {
      Thread.sleep(backoff.failed(e));
      return null;
    }
  }
}
