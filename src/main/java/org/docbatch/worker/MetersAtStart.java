package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.docbatch.meters.JobMetrics;
import org.docbatch.meters.TaskMetrics;

/**
 * Creates the task and refusal counters at zero, as the node starts, for the worker and job types
 * it offers: a series that exists from the start lets Prometheus's {@code increase()} see the first
 * failure. It lives here because only the processor catalog knows what this node offers.
 */
@ApplicationScoped
public class MetersAtStart {

  @Inject ProcessorCatalog processors;
  @Inject TaskMetrics tasks;
  @Inject JobMetrics jobs;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    tasks.startAtZero(processors.queueTypes());
    jobs.startAtZero(processors.offeredJobTypes());
  }
}
