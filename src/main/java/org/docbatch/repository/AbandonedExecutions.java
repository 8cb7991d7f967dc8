package org.docbatch.repository;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * Executions whose JVM died while they ran: marked FAILED, with their unfinished steps, so that
 * JBeret will restart them. Whether that JVM is really gone is the caller's to know.
 */
final class AbandonedExecutions {

  private final LiveExecutions live;
  private final JobExecutions executions;
  private final StepExecutions stepExecutions;

  AbandonedExecutions(
      LiveExecutions live, JobExecutions executions, StepExecutions stepExecutions) {
    this.live = live;
    this.executions = executions;
    this.stepExecutions = stepExecutions;
  }

  /** Returns true when the execution was marked; not one running here nor one that ended. */
  boolean fail(long executionId, String exitStatus) {
    if (live.get(executionId) != null
        || !(executions.get(executionId) instanceof JobExecutionImpl execution)
        || JobExecutions.isFinal(execution.getBatchStatus())) {
      return false;
    }
    for (StepExecution step : stepExecutions.of(executionId, null)) {
      if (!JobExecutions.isFinal(step.getBatchStatus())) {
        StepExecutionImpl unfinished = (StepExecutionImpl) step;
        unfinished.setBatchStatus(BatchStatus.FAILED);
        unfinished.setExitStatus(exitStatus);
        stepExecutions.update(unfinished);
      }
    }
    execution.setBatchStatus(BatchStatus.FAILED);
    execution.setExitStatus(exitStatus);
    executions.update(execution, false);
    return true;
  }
}
