package org.docbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    registry
        .counter("docbatch.documents.processed", "job_type", workerType, "outcome", outcome)
        .increment();
    registry
        .timer("docbatch.document.processing", "job_type", workerType)
        .record(millis, TimeUnit.MILLISECONDS);
  }
}
