package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.docbatch.batch.OperatorRestarts;
import org.docbatch.batch.engine.JobEngines;
import org.docbatch.store.ExecutionKey;

/**
 * Stops and restarts that reach docbatch's jobs through the batch subsystem's operator from outside
 * the API, as the admin console's and the management API's {@code stop-job} and {@code restart-job}
 * on any node: a stop cancels the job, a restart retries it, as the API's cancel and retry do
 * (docs/repository.md, "One engine").
 */
@ApplicationScoped
public class OperatorCalls implements OperatorRestarts {

  @Inject JobService jobs;
  @Inject JobEngines engines;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    engines.onStop(jobs::cancelStopped);
  }

  @Override
  public void adopt(String jobId, ExecutionKey execution) {
    jobs.adoptRestart(jobId, execution);
  }
}
