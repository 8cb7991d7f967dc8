package org.docbatch.repository;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import java.util.Collection;
import org.jberet.repository.JobExecutionSelector;

/** Selects failed executions. */
final class FailedExecutions implements JobExecutionSelector {

  @Override
  public boolean select(JobExecution execution, Collection<Long> allExecutionIds) {
    return execution.getBatchStatus() == BatchStatus.FAILED;
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
