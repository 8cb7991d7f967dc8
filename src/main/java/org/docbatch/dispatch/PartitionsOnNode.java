package org.docbatch.dispatch;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.batch.BatchEngine;
import org.docbatch.worker.ProcessorCatalog;
import org.docbatch.worker.WorkerPoolSizes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * This node's share of the dispatcher's work: a {@link WorkerPool} per worker type it offers,
 * renewal of the leases it holds, return of partitions whose lease ran out anywhere (a dead
 * worker), and stop requests for the executions it works on or coordinates.
 */
@ApplicationScoped
public class PartitionsOnNode {

  private static final Logger LOG = Logger.getLogger(PartitionsOnNode.class.getName());

  @Inject PartitionQueue queue;
  @Inject CoordinatorInbox inbox;
  @Inject Dispatcher dispatcher;
  @Inject BatchEngine engine;
  @Inject ProcessorCatalog processors;
  @Inject WorkerPoolSizes sizes;
  @Inject UnifiedJedis redis;
  @Inject Config config;
  @Inject Event<DeadLetter> deadLetters;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  /** {@code LEASE_SECONDS}: a partition whose worker does not renew its lease this long is lost. */
  @Inject
  @ConfigProperty(name = "lease.seconds", defaultValue = "15")
  double leaseSeconds;

  /**
   * {@code WORKER_TIMEOUT}: seconds a partition may run; then its lease is no longer renewed and it
   * is run again elsewhere (or dead-lettered).
   */
  @Inject
  @ConfigProperty(name = "worker.timeout", defaultValue = "300")
  long workerTimeoutSeconds;

  private final List<WorkerPool> pools = new ArrayList<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private WorkerExecutions executions;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    executions = new WorkerExecutions(engine.environment());
    for (String type : processors.offeredTypes()) {
      WorkerPool pool = new WorkerPool(this, type, sizes.workers(type), threads);
      pools.add(pool);
      pool.start();
    }
    long renewEvery = Math.max(100, leaseMillis() / 3);
    timers.add(
        scheduler.scheduleWithFixedDelay(
            this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS));
    timers.add(scheduler.scheduleWithFixedDelay(this::reapExpired, 1, 1, TimeUnit.SECONDS));
    timers.add(
        scheduler.scheduleWithFixedDelay(this::passOnStops, 500, 500, TimeUnit.MILLISECONDS));
  }

  @PreDestroy
  void stop() {
    timers.forEach(t -> t.cancel(false));
    pools.forEach(WorkerPool::stop);
  }

  /** This node's worker pools now. */
  public List<PoolState> poolStates() {
    return pools.stream().map(WorkerPool::state).toList();
  }

  PartitionQueue queue() {
    return queue;
  }

  CoordinatorInbox inbox() {
    return inbox;
  }

  UnifiedJedis redis() {
    return redis;
  }

  WorkerExecutions executions() {
    return executions;
  }

  long workerTimeoutSeconds() {
    return workerTimeoutSeconds;
  }

  long leaseMillis() {
    return (long) (leaseSeconds * 1000);
  }

  /** Runs allowed per partition of a worker type: {@code <TYPE>_MAX_RETRIES} (default 3) + 1. */
  int attempts(String type) {
    return 1 + config.getOptionalValue(type + ".max.retries", Integer.class).orElse(3);
  }

  /**
   * Tells the job layer that the partition failed for good and why (the document gets that failed
   * outcome), then the coordinator that it is over. Like a document that fails, the partition ends
   * COMPLETED, with exit status {@code DEAD_LETTER}: the step goes on with the other documents.
   */
  void deadLettered(PartitionRef partition, String error) {
    try {
      deadLetters.fire(new DeadLetter(partition, error));
    } finally {
      // Even if the outcome could not be recorded: a job that ends without it can be retried, a
      // step that waits for a done message that never comes cannot.
      try (AbstractPipeline pipeline = redis.pipelined()) {
        inbox.sendDone(
            pipeline,
            partition.coordinator(),
            partition,
            jakarta.batch.runtime.BatchStatus.COMPLETED,
            "DEAD_LETTER");
        pipeline.sync();
      }
    }
    LOG.warning(
        () ->
            "DOCBATCH-0502 Partition "
                + partition.partitionId()
                + " of "
                + partition.jobName()
                + " execution "
                + partition.executionId()
                + " dead-lettered: "
                + error);
  }

  private void renewLeases() {
    long now = System.currentTimeMillis();
    for (WorkerPool pool : pools) {
      List<PartitionQueue.Lease> renew = new ArrayList<>();
      for (RunningPartition running : pool.running()) {
        if (now - running.startedAt() < workerTimeoutSeconds * 1000) {
          renew.add(running.lease());
        } else {
          running.timeOut();
        }
      }
      if (!renew.isEmpty()) {
        try {
          queue.renew(pool.type(), renew, leaseMillis());
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "renewing leases failed", e);
        }
      }
    }
  }

  private void reapExpired() {
    for (WorkerPool pool : pools) {
      try {
        for (String member : queue.reapExpired(pool.type(), attempts(pool.type()))) {
          try {
            deadLettered(
                PartitionRef.decode(member),
                "its worker stopped renewing the lease (node died or the run hung) on every attempt");
          } catch (RuntimeException e) {
            // One partition's report failed: the others are still told.
            LOG.log(Level.WARNING, e, () -> "DOCBATCH-0503 Reporting a dead letter failed");
          }
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "returning expired partitions failed", e);
      }
    }
  }

  private void passOnStops() {
    try {
      List<Long> here = new ArrayList<>(executions.executionIds());
      here.addAll(engine.liveExecutionIds());
      if (here.isEmpty()) {
        return;
      }
      List<String> ids = here.stream().map(String::valueOf).toList();
      List<Boolean> stopping = dispatcher.stopRequested(ids);
      for (int i = 0; i < ids.size(); i++) {
        if (stopping.get(i)) {
          executions.stop(here.get(i));
          engine.stopIfRunningHere(here.get(i));
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "passing on stop requests failed", e);
    }
  }
}
