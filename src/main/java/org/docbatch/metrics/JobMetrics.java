package org.docbatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.docbatch.job.JobStatus;

/**
 * docbatch's job and document meters, served as Prometheus text at {@code :9990/metrics}.
 *
 * <p>Meters are made with {@code registry.counter(name, tags)} calls: WildFly's Micrometer
 * subsystem only exports meters made that way (see DESIGN.md).
 */
@ApplicationScoped
public class JobMetrics {

  @Inject MeterRegistry registry;

  private final Map<String, Counter> documents = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public void jobSubmitted(String jobType) {
    registry.counter("docbatch.jobs.submitted", "job_type", jobType).increment();
  }

  public void jobFinished(String jobType, JobStatus status) {
    String name =
        switch (status) {
          case COMPLETED -> "docbatch.jobs.completed";
          case CANCELLED -> "docbatch.jobs.cancelled";
          default -> "docbatch.jobs.failed";
        };
    registry.counter(name, "job_type", jobType).increment();
  }

  public void documentProcessed(String workerType, boolean succeeded, long millis) {
    String outcome = succeeded ? "completed" : "failed";
    // Kept per worker type: a registry lookup per document measured at 7% of a worker's time.
    documents
        .computeIfAbsent(
            workerType + "/" + outcome,
            key ->
                registry.counter(
                    "docbatch.documents.processed", "job_type", workerType, "outcome", outcome))
        .increment();
    timers
        .computeIfAbsent(
            workerType,
            key -> registry.timer("docbatch.document.processing", "job_type", workerType))
        .record(millis, TimeUnit.MILLISECONDS);
  }
}
