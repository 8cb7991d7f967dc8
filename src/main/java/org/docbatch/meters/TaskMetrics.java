package org.docbatch.meters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node's workers did with their tasks (one task is one document's run by one worker
 * type), per worker type: {@code docbatch_tasks_completed_total}, {@code
 * docbatch_tasks_failed_total} (the document's outcome is failed, dead letters included), {@code
 * docbatch_tasks_retried_total} (a run failed unexpectedly or lost its lease and the partition was
 * queued again) and {@code docbatch_tasks_dead_lettered_total}.
 *
 * <p>Retries and dead letters are counted where {@code dispatch_fail.lua} decides them, on the node
 * that ran the script (the failing worker's, or the one that reaped an expired lease).
 */
@ApplicationScoped
public class TaskMetrics {

  @Inject MeterRegistry registry;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Tally completed = new Tally();
  private final Tally failed = new Tally();
  private final Tally retried = new Tally();
  private final Tally deadLettered = new Tally();
  private final Tally processingMillis = new Tally();
  private final Set<String> offered = ConcurrentHashMap.newKeySet();

  /**
   * Creates every counter at zero for the worker types this node offers: a series that exists from
   * the start lets Prometheus's {@code increase()} see the first failure.
   */
  public void startAtZero(List<String> workerTypes) {
    offered.addAll(workerTypes);
    for (String type : workerTypes) {
      for (String name :
          List.of(
              "docbatch.tasks.completed",
              "docbatch.tasks.failed",
              "docbatch.tasks.retried",
              "docbatch.tasks.dead_lettered")) {
        count(name, type, 0);
      }
    }
  }

  /** A document's outcome was recorded by a worker of this type on this node. */
  public void taskFinished(String workerType, boolean succeeded, long millis) {
    (succeeded ? completed : failed).add(workerType, 1);
    processingMillis.add(workerType, millis);
    count(succeeded ? "docbatch.tasks.completed" : "docbatch.tasks.failed", workerType, 1);
  }

  /** What one run of {@code dispatch_fail.lua} decided for partitions of one worker type. */
  public void partitionsFailed(String workerType, int retries, int deadLetters) {
    if (retries > 0) {
      retried.add(workerType, retries);
      count("docbatch.tasks.retried", workerType, retries);
    }
    if (deadLetters > 0) {
      deadLettered.add(workerType, deadLetters);
      count("docbatch.tasks.dead_lettered", workerType, deadLetters);
    }
  }

  /** The counts of this node since it started, for one worker type. */
  public TaskCounts counts(String workerType) {
    long done = completed.get(workerType) + failed.get(workerType);
    return new TaskCounts(
        completed.get(workerType),
        failed.get(workerType),
        retried.get(workerType),
        deadLettered.get(workerType),
        done == 0 ? 0 : (double) processingMillis.get(workerType) / done);
  }

  /** The counts of this node since it started, all worker types together. */
  public TaskCounts totals() {
    long done = completed.total() + failed.total();
    return new TaskCounts(
        completed.total(),
        failed.total(),
        retried.total(),
        deadLettered.total(),
        done == 0 ? 0 : (double) processingMillis.total() / done);
  }

  /** The worker types this node offers, and any other that counted something here. */
  public Set<String> types() {
    Set<String> types = new TreeSet<>(offered);
    types.addAll(completed.byKey().keySet());
    types.addAll(failed.byKey().keySet());
    types.addAll(retried.byKey().keySet());
    types.addAll(deadLettered.byKey().keySet());
    return types;
  }

  private void count(String name, String workerType, long amount) {
    counters
        .computeIfAbsent(
            name + "/" + workerType, key -> registry.counter(name, "worker_type", workerType))
        .increment(amount);
  }
}
