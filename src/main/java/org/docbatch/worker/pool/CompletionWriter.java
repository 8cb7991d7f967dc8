package org.docbatch.worker.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.queue.OutageBackoff;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisScript;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.store.TaskRuns;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes the ends of this node's partition runs to Redis, as many as have gathered at a time (a
 * group commit): the documents' outcomes first, then the lease releases and the done messages for
 * the coordinators, in one round trip and a few script calls for the lot; the starts of runs (which
 * worker runs which task) ride along, one HSET per job. A worker hands its run's end over and takes
 * its next partition at once; while one batch is on its way, the next gathers.
 *
 * <p>Nothing is lost if a batch never makes it (Redis away, the node killed): its leases run out,
 * the partitions run again, and their outcomes are still recorded once. A batch that failed is
 * written again, whole, once Redis answers: every part of it may be written twice (an outcome is
 * kept once, a lease is released only under its token, a coordinator counts each partition once).
 */
final class CompletionWriter {

  private static final Logger LOG = Logger.getLogger(CompletionWriter.class.getName());

  /** The most run ends one round trip carries (the scripts spread their lists in chunks). */
  private static final int MAX_BATCH = 500;

  private static final long POLL_MILLIS = 250;

  /** The end of one run: its partition's lease, the done message, and the outcomes it held back. */
  record Completion(
      String type,
      PartitionQueue.Lease lease,
      CoordinatorInbox.Done done,
      List<DocumentOutcomes.Held> outcomes) {}

  private final UnifiedJedis redis;
  private final PartitionQueue queue;
  private final CoordinatorInbox inbox;
  private final DocumentOutcomes outcomes;
  private final BlockingQueue<Completion> pending = new LinkedBlockingQueue<>();

  /** Runs' starts to record ({@link TaskRuns}), written with the next batch. */
  private final Queue<TaskRuns.Started> starts = new ConcurrentLinkedQueue<>();

  /** Wakes the writer for starts alone: not a run's end. */
  private static final Completion WAKE = new Completion(null, null, null, List.of());

  private final TaskRuns tasks;

  /** Handed over and not yet written: pending, or in the batch on its way. */
  private final AtomicInteger unwritten = new AtomicInteger();

  /** Told the size of each batch written. */
  private final IntConsumer written;

  private final OutageBackoff backoff = new OutageBackoff("writing finished partitions");
  private final Thread thread;
  private volatile boolean running = true;

  CompletionWriter(
      UnifiedJedis redis,
      PartitionQueue queue,
      CoordinatorInbox inbox,
      DocumentOutcomes outcomes,
      TaskRuns tasks,
      ThreadFactory threads,
      IntConsumer written) {
    this.redis = redis;
    this.tasks = tasks;
    this.written = written;
    this.queue = queue;
    this.inbox = inbox;
    this.outcomes = outcomes;
    this.thread = threads.newThread(this::write);
    thread.setName("docbatch-completions");
  }

  void start() {
    thread.start();
  }

  /** Run ends handed over and not yet written: a figure that grows while Redis is away. */
  int unwritten() {
    return unwritten.get();
  }

  /** Hands a run's end over; it is written with the next batch. */
  void add(Completion completion) {
    unwritten.incrementAndGet();
    pending.add(completion);
  }

  /**
   * Hands a run's start over: it is written with the next batch, at once if the writer is idle, so
   * that a task shows its worker while it runs.
   */
  void started(TaskRuns.Started start) {
    starts.add(start);
    pending.add(WAKE);
  }

  /**
   * Writes what was handed over, waiting until {@code deadline} (epoch ms) at most, then stops.
   *
   * @return how many run ends were left unwritten (their partitions run again elsewhere)
   */
  int stop(long deadline) {
    try {
      while (unwritten.get() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    thread.interrupt();
    return unwritten.get();
  }

  private void write() {
    List<Completion> batch = new ArrayList<>();
    while (running) {
      try {
        Completion first = pending.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, MAX_BATCH - 1);
        batch.removeIf(completion -> completion == WAKE);
        List<TaskRuns.Started> started = new ArrayList<>();
        for (TaskRuns.Started start; (start = starts.poll()) != null; ) {
          started.add(start);
        }
        writeUntilDone(batch, started);
        unwritten.addAndGet(-batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Writes a batch, again and again while Redis is away, until it is written or the node stops. A
   * batch Redis refused (a bug, not an outage) is dropped: its partitions run again after their
   * lease, as they would if this node had died.
   */
  private void writeUntilDone(List<Completion> batch, List<TaskRuns.Started> started)
      throws InterruptedException {
    while (running) {
      try {
        write(batch, started);
        backoff.succeeded();
        if (!batch.isEmpty()) {
          written.accept(batch.size());
        }
        return;
      } catch (JedisDataException e) {
        LOG.log(
            Level.WARNING,
            e,
            () ->
                "DOCBATCH-0607 Redis refused the ends of "
                    + batch.size()
                    + " partition runs: they run again once their lease runs out");
        return;
      } catch (RuntimeException e) {
        Thread.sleep(backoff.failed(e));
      }
    }
  }

  /**
   * One round trip on one Redis. Outcomes go ahead of the done messages, so a coordinator that
   * hears a partition is done finds its outcome. A script Redis refused because it forgot it (it
   * restarted) runs again when its reply is read: the outcomes' first, then the releases that carry
   * the done messages, refused too. On a Redis Cluster the outcomes, the leases and the inboxes are
   * in different slots: a barrier's round trip keeps the outcomes first.
   */
  private void write(List<Completion> batch, List<TaskRuns.Started> started) {
    List<DocumentOutcomes.Held> held = new ArrayList<>();
    Map<String, Map<String, List<Completion>>> byTypeAndInbox = new LinkedHashMap<>();
    for (Completion completion : batch) {
      held.addAll(completion.outcomes());
      byTypeAndInbox
          .computeIfAbsent(completion.type(), type -> new LinkedHashMap<>())
          .computeIfAbsent(completion.done().inbox(), to -> new ArrayList<>())
          .add(completion);
    }
    Runnable recorded;
    List<RedisScript.Queued> released = new ArrayList<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      tasks.append(pipeline, started);
      recorded = outcomes.append(pipeline, held);
      boolean cluster = Pipelines.barrier(redis, pipeline);
      if (cluster) {
        recorded.run();
        recorded = () -> {};
      }
      for (var ofType : byTypeAndInbox.entrySet()) {
        for (var toInbox : ofType.getValue().entrySet()) {
          List<PartitionQueue.Lease> leases =
              toInbox.getValue().stream().map(Completion::lease).toList();
          List<String> messages = toInbox.getValue().stream().map(c -> c.done().message()).toList();
          if (cluster) {
            released.add(queue.complete(pipeline, ofType.getKey(), leases, null, List.of()));
            inbox.send(pipeline, toInbox.getKey(), messages);
          } else {
            released.add(
                queue.complete(pipeline, ofType.getKey(), leases, toInbox.getKey(), messages));
          }
        }
      }
      pipeline.sync();
    }
    recorded.run();
    released.forEach(RedisScript.Queued::get);
  }
}
