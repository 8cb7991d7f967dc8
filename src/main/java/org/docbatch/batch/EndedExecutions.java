package org.docbatch.batch;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.jberet.repository.JobExecutionSelector;

/**
 * Selects JSR-352 executions that ended a while ago, so the engine can forget them: docbatch keeps
 * what a user reads (the job, its results) in Redis, and an in-memory repository that kept every
 * execution with its partitions would grow without bound.
 */
final class EndedExecutions implements JobExecutionSelector {

  private final Instant endedBefore;

  EndedExecutions(Duration age) {
    this.endedBefore = Instant.now().minus(age);
  }

  @Override
  public boolean select(JobExecution execution, Collection<Long> allExecutionIds) {
    return execution.getEndTime() != null
        && execution.getEndTime().toInstant().isBefore(endedBefore);
  }

  @Override
  public JobContext getJobContext() {
    return null;
  }

  @Override
  public void setJobContext(JobContext jobContext) {}

  @Override
  public StepContext getStepContext() {
    return null;
  }

  @Override
  public void setStepContext(StepContext stepContext) {}
}
