package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.batch.engine.JobEngines;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.meters.JobMetrics;
import org.docbatch.store.DocumentListing;
import org.docbatch.store.ExecutionKey;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobType;

/**
 * Closes the docbatch job when its JSR-352 execution ends: final status, finish time, TTL, metrics.
 */
@Named
@Dependent
public class JobOutcomeListener extends AbstractJobListener {

  private static final Logger LOG = Logger.getLogger(JobOutcomeListener.class.getName());

  @Inject @BatchProperty String jobId;
  @Inject @BatchProperty String workerType;
  @Inject JobContext jobContext;
  @Inject JobStore store;
  @Inject DocumentListing listing;
  @Inject JobMetrics metrics;
  @Inject Dispatcher dispatcher;
  @Inject PartitionQueue queue;
  @Inject JobEngines engines;

  @Inject Instance<OperatorRestarts> restarts;

  /**
   * A job's execution starts while the job is finished only when the batch subsystem's operator
   * restarted it from outside the API (docbatch retries, takes over and starts jobs while they are
   * unfinished): the job is retried in it, so that it runs the documents still to do.
   */
  @Override
  public void beforeJob() {
    ExecutionKey execution = engines.keyOf(jobContext.getExecutionId());
    store
        .find(jobId)
        .filter(job -> !JobStatus.UNFINISHED.contains(job.status()))
        .filter(job -> !execution.equals(job.executionKey()))
        .ifPresent(job -> restarts.get().adopt(jobId, execution));
  }

  @Override
  public void afterJob() {
    // FAILED with exit status INCOMPLETE only says that some document did not succeed; the job's
    // own status comes from its documents' outcomes.
    boolean engineFailed =
        jobContext.getBatchStatus() == BatchStatus.FAILED
            && !StepOutcomeListener.INCOMPLETE.equals(jobContext.getExitStatus());
    String listingError = engineFailed ? listing.error(jobId) : null;
    String error =
        !engineFailed
            ? null
            : listingError != null
                ? listingError
                : "the batch engine failed: " + jobContext.getExitStatus();
    JobStatus status = store.finish(jobId, jobContext.getExecutionId(), engineFailed, error);
    dispatcher.forgetStop(engines.keyOf(jobContext.getExecutionId()));
    if (status != null) {
      forgetAttempts();
    }
    if (status != null) {
      metrics.jobFinished(workerType, status);
      LOG.info(() -> "DOCBATCH-0102 Job " + jobId + " (" + workerType + ") finished: " + status);
    }
  }

  /** The counts of its documents' attempts (PartitionQueue) end with the job. */
  private void forgetAttempts() {
    try {
      store
          .find(jobId)
          .ifPresent(
              job ->
                  queue.forgetAttempts(
                      JobType.fromId(job.type()).map(JobType::stages).orElse(List.of(workerType)),
                      jobId));
    } catch (RuntimeException e) {
      // Left for a retry (which forgets them too) or a few bytes of Redis: not the job's outcome.
      LOG.log(Level.FINE, e, () -> "forgetting the attempts of job " + jobId + " failed");
    }
  }
}
