package org.docbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.docbatch.worker.ProcessorCatalog;
import org.docbatch.worker.ocr.ChildMemory;
import org.docbatch.worker.ocr.OcrEngines;
import org.docbatch.worker.pool.ExternalPoolState;
import org.docbatch.worker.pool.ExternalTasks;
import org.docbatch.worker.pool.PartitionsOnNode;
import org.docbatch.worker.pool.PoolState;
import org.docbatch.worker.pool.WorkerUsage;

/**
 * This node's worker pools as gauges, read from {@link PartitionsOnNode#poolStates()} at each
 * scrape (no Redis): {@code docbatch_workers{worker_type,state="busy"|"idle"}}, {@code
 * docbatch_workers_min} and {@code docbatch_workers_max} (the pool's bounds) and {@code
 * docbatch_worker_utilisation} (busy over workers, 0 to 1), and {@code docbatch_worker_cpu_seconds}
 * and {@code docbatch_worker_allocated_bytes} (what the pool's worker threads used since the node
 * started, totals that only grow), each per {@code worker_type}; for the OCR pool, whose pages are
 * read in child processes, {@code docbatch_worker_child_processes} and {@code
 * docbatch_worker_child_resident_bytes} (their resident memory together, from /proc).
 */
@ApplicationScoped
public class PoolMetrics {

  @Inject PartitionsOnNode partitions;
  @Inject ProcessorCatalog processors;
  @Inject MeterRegistry registry;
  @Inject OcrEngines ocr;
  @Inject ExternalTasks external;

  /** The pool whose documents are read in child processes ({@code OCR_ISOLATION=process}). */
  public static final String CHILD_PROCESS_POOL = "ocr";

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registerExternal();
    // Pools are looked up by type at each reading: the autoscaler may resize or replace them.
    for (String type : processors.offeredTypes()) {
      gauge("docbatch.workers", Tags.of("worker_type", type, "state", "busy"), type, p -> p.busy());
      gauge("docbatch.workers", Tags.of("worker_type", type, "state", "idle"), type, p -> p.idle());
      gauge("docbatch.workers.min", Tags.of("worker_type", type), type, p -> p.minWorkers());
      gauge("docbatch.workers.max", Tags.of("worker_type", type), type, p -> p.maxWorkers());
      gauge(
          "docbatch.worker.utilisation",
          Tags.of("worker_type", type),
          type,
          PoolState::utilisation);
      // Totals that only grow, as gauges: WildFly's registry exports no function counters.
      usage("docbatch.worker.cpu.seconds", type, total -> total[0] / 1e9);
      usage("docbatch.worker.allocated.bytes", type, total -> total[1]);
      if (type.equals(CHILD_PROCESS_POOL)) {
        registry.gauge(
            "docbatch.worker.child.processes",
            Tags.of("worker_type", type),
            this,
            m -> m.childMemory().processes());
        registry.gauge(
            "docbatch.worker.child.resident.bytes",
            Tags.of("worker_type", type),
            this,
            m -> m.childMemory().residentBytes());
      }
    }
  }

  /**
   * An external type's workers as its pool's gauges (cluster-wide: every node answers the same):
   * the workers heard from lately, the tasks they hold, and seconds since the last call of any.
   */
  private void registerExternal() {
    for (String type : processors.externalTypes()) {
      external(
          "docbatch.external.workers",
          Tags.of("worker_type", type, "state", "active"),
          type,
          s -> s.workers().size());
      external(
          "docbatch.external.workers",
          Tags.of("worker_type", type, "state", "busy"),
          type,
          ExternalPoolState::busy);
      external(
          "docbatch.external.heartbeat.age.seconds",
          Tags.of("worker_type", type),
          type,
          s ->
              s.lastHeartbeat() <= 0
                  ? Double.NaN
                  : (System.currentTimeMillis() - s.lastHeartbeat()) / 1000.0);
    }
  }

  private void external(
      String name, Tags tags, String type, ToDoubleFunction<ExternalPoolState> value) {
    registry.gauge(
        name,
        tags,
        this,
        metrics ->
            metrics.external.states().stream()
                .filter(s -> s.type().equals(type))
                .mapToDouble(value)
                .findFirst()
                .orElse(0));
  }

  private void usage(String name, String type, ToDoubleFunction<long[]> value) {
    registry.gauge(
        name, Tags.of("worker_type", type), this, m -> value.applyAsDouble(m.totalUsage(type)));
  }

  /** CPU nanoseconds and allocated bytes of every worker a type's pool has had. */
  public long[] totalUsage(String type) {
    return partitions.totalUsage(type);
  }

  /** The OCR pool's child processes now, and their resident memory. */
  public ChildMemory childMemory() {
    return ocr.childMemory();
  }

  /** Each worker thread's use now. */
  public List<WorkerUsage> workerUsage() {
    return partitions.workerUsage();
  }

  /** This node's pools now. */
  public List<PoolState> pools() {
    return partitions.poolStates();
  }

  private void gauge(String name, Tags tags, String type, ToDoubleFunction<PoolState> value) {
    registry.gauge(
        name,
        tags,
        this,
        metrics ->
            metrics.pools().stream()
                .filter(p -> p.type().equals(type))
                .mapToDouble(value)
                .findFirst()
                .orElse(0));
  }
}
