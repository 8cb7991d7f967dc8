package org.docbatch.repository;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.jberet.repository.JobExecutionSelector;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;

/**
 * Job executions as JBeret asks for them: the live {@link JobExecutionImpl} of an execution running
 * in this JVM ({@link LiveExecutions}), otherwise what {@link ExecutionStore} reads from Redis.
 * Whatever removes executions from Redis removes them from the live ones too.
 */
final class JobExecutions {

  private final ExecutionStore store;
  private final StepStore steps;
  private final LiveExecutions live;

  JobExecutions(ExecutionStore store, StepStore steps, LiveExecutions live) {
    this.store = store;
    this.steps = steps;
    this.live = live;
  }

  JobExecutionImpl create(JobInstanceImpl instance, Properties parameters) {
    JobExecutionImpl execution = store.create(instance, parameters);
    instance.addJobExecution(execution);
    live.add(execution);
    return execution;
  }

  JobExecution get(long executionId) {
    JobExecutionImpl running = live.get(executionId);
    if (running != null) {
      return running;
    }
    String jobName = store.jobNameOf(executionId);
    return jobName == null ? null : store.readExecution(jobName, executionId, null);
  }

  /** The instance's executions, oldest first. */
  List<JobExecution> of(JobInstance instance) {
    List<JobExecution> result = new ArrayList<>();
    String jobName = instance.getJobName();
    JobInstanceImpl owner = instance instanceof JobInstanceImpl impl ? impl : null;
    for (long id : store.instanceExecutionIds(jobName, instance.getInstanceId())) {
      addIfFound(result, jobName, id, owner);
    }
    return result;
  }

  /** The executions of every one of these jobs, oldest first within a job. */
  List<JobExecution> ofJobs(Collection<String> jobNames) {
    List<JobExecution> result = new ArrayList<>();
    for (String jobName : jobNames) {
      for (long id : store.ids(jobName)) {
        addIfFound(result, jobName, id, null);
      }
    }
    return result;
  }

  /** Newest first, at most {@code limit} of them when it is given. */
  List<Long> newestIds(String jobName, Integer limit) {
    return store.newestIds(jobName, limit == null || limit <= 0 ? -1 : limit - 1);
  }

  List<Long> runningIds(String jobName) {
    return store.runningIds(jobName);
  }

  void update(JobExecutionImpl execution, boolean saveParameters) {
    execution.setLastUpdatedTime(System.currentTimeMillis());
    store.saveExecution(execution, false, saveParameters);
    if (isFinal(execution.getBatchStatus())) {
      live.remove(execution.getExecutionId());
    }
  }

  /** Marks the execution and its started steps and partitions STOPPING in Redis. */
  void stop(JobExecutionImpl execution) {
    long id = execution.getExecutionId();
    String jobName = execution.getJobName();
    store.stop(jobName, id);
    for (long stepId : store.stepIds(jobName, id)) {
      steps.markStopping(stepId);
    }
  }

  /** Removes the executions of these jobs that {@code selector} selects (all when it is null). */
  void remove(Collection<String> jobNames, JobExecutionSelector selector) {
    for (String jobName : jobNames) {
      List<Long> ids = store.ids(jobName);
      for (long id : ids) {
        JobExecution execution = get(id);
        if (execution != null && (selector == null || selector.select(execution, ids))) {
          remove(jobName, (JobExecutionImpl) execution);
        }
      }
    }
  }

  /** Removes the instance with its executions, steps and partitions. */
  void removeInstance(String jobName, long instanceId) {
    for (long executionId : store.removeInstance(jobName, instanceId)) {
      live.remove(executionId);
    }
  }

  static boolean isFinal(BatchStatus status) {
    return status == BatchStatus.COMPLETED
        || status == BatchStatus.FAILED
        || status == BatchStatus.STOPPED
        || status == BatchStatus.ABANDONED;
  }

  private void remove(String jobName, JobExecutionImpl execution) {
    long id = execution.getExecutionId();
    store.removeExecution(jobName, id, execution.getJobInstance().getInstanceId());
    live.remove(id);
  }

  private void addIfFound(
      List<JobExecution> result, String jobName, long executionId, JobInstanceImpl owner) {
    JobExecution execution = live.get(executionId);
    if (execution == null) {
      execution = store.readExecution(jobName, executionId, owner);
    }
    if (execution != null) {
      result.add(execution);
    }
  }
}
