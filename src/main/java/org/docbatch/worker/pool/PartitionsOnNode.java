package org.docbatch.worker.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.QueuedAnywhere;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.store.TaskRuns;
import org.docbatch.worker.ProcessorCatalog;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * This node's share of the dispatcher's work: a {@link WorkerPool} per worker type it offers, sized
 * by the {@link Autoscaler}, renewal of the leases it holds, supervision of its workers, return of
 * partitions whose lease ran out anywhere (a dead worker), stop requests for the executions it
 * works on or coordinates, and a graceful shutdown: stop taking, let running documents finish
 * within {@code SHUTDOWN_GRACE_SECONDS}, hand the rest back to their queues.
 */
@ApplicationScoped
public class PartitionsOnNode {

  private static final Logger LOG = Logger.getLogger(PartitionsOnNode.class.getName());

  @Inject PartitionQueue queue;
  @Inject CoordinatorInbox inbox;
  @Inject Dispatcher dispatcher;
  @Inject EnginesOnNode engines;
  @Inject ProcessorCatalog processors;
  @Inject PoolSettings settings;
  @Inject MeterRegistry registry;
  @Inject UnifiedJedis redis;
  @Inject DocumentOutcomes outcomes;
  @Inject TaskRuns tasks;
  @Inject NodeIdentity node;
  @Inject Config config;
  @Inject Event<DeadLetter> deadLetters;

  @Resource ManagedThreadFactory threads;

  /** Wakes this node's idle pools when any node queues partitions of their type. */
  private QueuedAnywhere queuedAnywhere;

  @Resource ManagedScheduledExecutorService scheduler;

  /** {@code LEASE_SECONDS}: a partition whose worker does not renew its lease this long is lost. */
  @Inject
  @ConfigProperty(name = "lease.seconds", defaultValue = "15")
  double leaseSeconds;

  /** {@code AUTOSCALING_INTERVAL}: seconds between two checks of the pools' sizes. */
  @Inject
  @ConfigProperty(name = "autoscaling.interval", defaultValue = "60")
  double autoscalingSeconds;

  /**
   * {@code MAX_ERROR_RATE}: above this fraction of failed runs a pool does not grow and a worker is
   * replaced.
   */
  @Inject
  @ConfigProperty(name = "max.error.rate", defaultValue = "0.1")
  double maxErrorRate;

  /**
   * {@code SHUTDOWN_GRACE_SECONDS}: how long a node that is told to stop lets its running documents
   * finish before it hands them back to their queues.
   */
  @Inject
  @ConfigProperty(name = "shutdown.grace.seconds", defaultValue = "25")
  double shutdownGraceSeconds;

  private final List<WorkerPool> pools = new CopyOnWriteArrayList<>();
  private final Map<String, PoolLimits> limitsByType = new ConcurrentHashMap<>();
  private Autoscaler autoscaler;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private WorkerExecutions executions;
  private CompletionWriter completions;
  private RunContext runContext;
  private DeadLetterReport deadLetterReport;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    executions =
        new WorkerExecutions(
            engines.environment(), key -> dispatcher.stopRequested(List.of(key)).get(0));
    // Looked up once: the registry finds a meter by a search over all of them.
    Counter batches = registry.counter("docbatch.completions.batches");
    Counter written = registry.counter("docbatch.completions.written");
    completions =
        new CompletionWriter(
            redis,
            queue,
            inbox,
            outcomes,
            tasks,
            threads,
            size -> {
              batches.increment();
              written.increment(size);
            });
    completions.start();
    Attempts attempts = new Attempts(config);
    deadLetterReport = new DeadLetterReport(deadLetters, redis, inbox);
    runContext =
        new RunContext(
            executions,
            outcomes,
            inbox,
            queue,
            attempts,
            this::taskTimeoutSeconds,
            deadLetterReport,
            completions,
            tasks,
            node.id());
    LeaseKeeper leases =
        new LeaseKeeper(
            pools,
            processors.externalTypes(),
            queue,
            attempts,
            deadLetterReport,
            this::leaseMillis);
    StopRelay stops = new StopRelay(executions, engines, dispatcher);
    registry.gauge(
        "docbatch.completions.unwritten", Tags.empty(), this, node -> node.completions.unwritten());
    int left = settings.maxWorkers();
    for (String type : processors.offeredTypes()) {
      PoolLimits limits = settings.limits(type);
      limits = ensureOne(limits);
      limitsByType.put(type, limits);
      WorkerPool pool = new WorkerPool(this, limits, threads);
      pools.add(pool);
      int size = settings.autoscaling() ? limits.minWorkers() : limits.maxWorkers();
      size = Math.max(1, Math.min(size, left));
      left -= size;
      pool.start(size);
    }
    Consumer<String> wake =
        type -> pools.stream().filter(p -> p.type().equals(type)).forEach(WorkerPool::queuedHere);
    queue.whenQueuedHere(wake);
    queuedAnywhere = queue.queuedAnywhere(wake);
    queuedAnywhere.start(threads);
    // Always made: FEATURES_AUTOSCALING may be turned on or off while the node runs.
    autoscaler =
        new Autoscaler(
            pools,
            queue,
            new ScalingPolicy(maxErrorRate),
            settings::autoscaling,
            settings::maxWorkers,
            (type, change) ->
                registry
                    .counter(
                        "docbatch.autoscaler.decisions",
                        "worker_type",
                        type,
                        "change",
                        change.tag())
                    .increment());
    long every = Math.max(100, (long) (autoscalingSeconds * 1000));
    timers.add(
        scheduler.scheduleWithFixedDelay(autoscaler::check, every, every, TimeUnit.MILLISECONDS));
    long renewEvery = Math.max(100, leaseMillis() / 3);
    timers.add(
        scheduler.scheduleWithFixedDelay(
            leases::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS));
    timers.add(scheduler.scheduleWithFixedDelay(leases::reapExpired, 1, 1, TimeUnit.SECONDS));
    timers.add(scheduler.scheduleWithFixedDelay(stops::passOn, 500, 500, TimeUnit.MILLISECONDS));
  }

  /** A pool that may shrink to no worker would strand what it has taken: it keeps one. */
  private static PoolLimits ensureOne(PoolLimits limits) {
    return limits.minWorkers() >= 1
        ? limits
        : new PoolLimits(
            limits.type(),
            1,
            limits.maxWorkers(),
            limits.memoryLimitMb(),
            limits.cpuLimit(),
            limits.taskTimeoutSeconds());
  }

  /**
   * Stops taking work, lets the documents running here finish within {@code SHUTDOWN_GRACE_SECONDS}
   * (their leases still renewed), then hands what is left back to the queues, so that another node
   * runs it: nothing is lost, and nothing finished here runs again.
   */
  @PreDestroy
  void stop() {
    if (queuedAnywhere != null) {
      queuedAnywhere.stop();
    }
    pools.forEach(WorkerPool::stopTaking);
    int unstarted = 0;
    for (WorkerPool pool : pools) {
      unstarted += giveBack(pool, pool.withdrawUnstarted());
    }
    long deadline = System.currentTimeMillis() + (long) (shutdownGraceSeconds * 1000);
    int runningAtStop = 0;
    for (WorkerPool pool : pools) {
      runningAtStop += pool.state().busy();
    }
    try {
      while (pools.stream().anyMatch(WorkerPool::busy) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int unwritten = completions.stop(System.currentTimeMillis() + 5_000);
    if (unwritten > 0) {
      LOG.warning(
          () ->
              "DOCBATCH-0608 "
                  + unwritten
                  + " finished partitions could not be written before the node stopped: they run"
                  + " again elsewhere");
    }
    timers.forEach(t -> t.cancel(false));
    int handedBack = unstarted;
    for (WorkerPool pool : pools) {
      List<RunningPartition> left = new ArrayList<>();
      pool.running().forEach(left::add);
      handedBack += giveBack(pool, left);
      pool.stop();
    }
    int finished = runningAtStop - (handedBack - unstarted);
    int back = handedBack;
    LOG.info(
        () ->
            "DOCBATCH-0603 Worker pools stopped: "
                + finished
                + " running documents finished in the grace period, "
                + back
                + " partitions handed back to their queues");
  }

  private int giveBack(WorkerPool pool, List<RunningPartition> partitions) {
    if (partitions.isEmpty()) {
      return 0;
    }
    partitions.forEach(RunningPartition::returnToQueue);
    try {
      queue.giveBack(pool.type(), partitions.stream().map(RunningPartition::lease).toList());
    } catch (RuntimeException e) {
      // Redis away: their leases run out and they are run again all the same, an attempt counted.
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0606 Handing partitions back failed");
    }
    return partitions.size();
  }

  /** This node's worker pools now. */
  public List<PoolState> poolStates() {
    return pools.stream().map(WorkerPool::state).toList();
  }

  /** Each worker thread's use of CPU and heap, pool by pool. */
  public List<WorkerUsage> workerUsage() {
    return pools.stream().flatMap(pool -> pool.workerUsage().stream()).toList();
  }

  /** CPU nanoseconds and allocated bytes of every worker a type's pool has had: {cpu, bytes}. */
  public long[] totalUsage(String type) {
    return pools.stream()
        .filter(pool -> pool.type().equals(type))
        .map(WorkerPool::totalUsage)
        .findFirst()
        .orElse(new long[2]);
  }

  /** Workers replaced on this node since it started, by worker type. */
  public Map<String, Long> replacedWorkers() {
    Map<String, Long> replaced = new LinkedHashMap<>();
    pools.forEach(pool -> replaced.put(pool.type(), pool.replacedWorkers()));
    return replaced;
  }

  PartitionQueue queue() {
    return queue;
  }

  /** What this node's partition runs use of it. */
  RunContext runContext() {
    return runContext;
  }

  long taskTimeoutSeconds(String type) {
    PoolLimits limits = limitsByType.get(type);
    return limits == null
        ? settings.limits(type).taskTimeoutSeconds()
        : limits.taskTimeoutSeconds();
  }

  /** {@code MAX_ERROR_RATE}. */
  public double maxErrorRate() {
    return maxErrorRate;
  }

  /** A taker filled its room and its pool may grow: check at once rather than at the interval. */
  void morePossiblyWaiting(String type) {
    Autoscaler scaler = autoscaler;
    if (scaler != null && scaler.checkSoon()) {
      scheduler.execute(scaler::growIfNeeded);
    }
  }

  /** A worker was given up and another started in its place. */
  void workerReplaced(String type, String why) {
    registry.counter("docbatch.workers.replaced", "worker_type", type).increment();
  }

  long leaseMillis() {
    return (long) (leaseSeconds * 1000);
  }

  /**
   * A take found a document taken as often as it may be and dead-lettered it: no run of it ever
   * ended, because its node died (or the run hung) each time. Its job hears of it as of any dead
   * letter.
   */
  /** Runs allowed per partition of a worker type. */
  int attempts(String type) {
    return runContext.attempts().of(type);
  }

  void killedOnEveryAttempt(String type, String member) {
    try {
      deadLetterReport.report(
          queue.partition(type, member),
          DeadLetter.WORKER_KILLED,
          PartitionQueue.KILLED_ON_EVERY_ATTEMPT);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0503 Reporting a dead letter failed");
    }
  }
}
