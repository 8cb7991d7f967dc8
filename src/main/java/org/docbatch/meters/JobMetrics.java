package org.docbatch.meters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.docbatch.store.JobStatus;

/**
 * docbatch's job and document meters, served as Prometheus text at {@code :9990/metrics}.
 *
 * <p>Meters are made with {@code registry.counter(name, tags)} calls: WildFly's Micrometer
 * subsystem only exports meters made that way (see docs/design.md).
 */
@ApplicationScoped
public class JobMetrics {

  @Inject MeterRegistry registry;
  @Inject TaskMetrics tasks;

  private final Map<String, Counter> documents = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Tally jobs = new Tally();

  /** Creates the refusal counters at zero, so that alerting rules see their first increase. */
  public void startAtZero(List<String> jobTypes) {
    for (String jobType : jobTypes) {
      rejected(jobType);
    }
  }

  public void jobSubmitted(String jobType) {
    jobs.add("submitted", 1);
    registry.counter("docbatch.jobs.submitted", "job_type", jobType).increment();
  }

  /**
   * A job was refused because its worker type's queue is full ({@code MAX_QUEUE_SIZE}): {@code
   * docbatch_jobs_rejected_total{job_type,reason="queue_full"}}, and the queue overflow alert.
   */
  public void jobRejected(String jobType) {
    jobs.add("rejected", 1);
    registry
        .counter("docbatch.jobs.rejected", "job_type", jobType, "reason", "queue_full")
        .increment();
  }

  public void jobFinished(String jobType, JobStatus status) {
    String outcome =
        switch (status) {
          case COMPLETED -> "completed";
          case CANCELLED -> "cancelled";
          default -> "failed";
        };
    jobs.add(outcome, 1);
    registry.counter("docbatch.jobs." + outcome, "job_type", jobType).increment();
  }

  /**
   * Jobs this node submitted or coordinated to their end since it started: {@code submitted},
   * {@code rejected}, {@code completed}, {@code failed}, {@code cancelled}.
   */
  public long jobs(String outcome) {
    return jobs.get(outcome);
  }

  private Counter rejected(String jobType) {
    return registry.counter("docbatch.jobs.rejected", "job_type", jobType, "reason", "queue_full");
  }

  public void documentProcessed(String workerType, boolean succeeded, long millis) {
    tasks.taskFinished(workerType, succeeded, millis);
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
