package org.docbatch.repository;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import java.util.ArrayList;
import java.util.List;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * Step and partition executions as JBeret asks for them: those the live job execution (or step
 * execution) holds in this JVM, otherwise what {@link StepStore} reads from Redis; each step
 * execution listed under its job execution ({@link ExecutionStore}) once it exists.
 */
final class StepExecutions {

  private final StepStore steps;
  private final ExecutionStore store;
  private final InstanceStore instances;
  private final LiveExecutions live;
  private final PartitionWrites partitionWrites;

  StepExecutions(
      StepStore steps,
      ExecutionStore store,
      InstanceStore instances,
      LiveExecutions live,
      PartitionWrites partitionWrites) {
    this.steps = steps;
    this.store = store;
    this.instances = instances;
    this.live = live;
    this.partitionWrites = partitionWrites;
  }

  List<StepExecution> of(long executionId, ClassLoader classLoader) {
    JobExecutionImpl running = live.get(executionId);
    if (running != null && !running.getStepExecutions().isEmpty()) {
      return running.getStepExecutions();
    }
    String jobName = store.jobNameOf(executionId);
    if (jobName == null) {
      return new ArrayList<>();
    }
    return new ArrayList<>(steps.readAll(store.stepIds(jobName, executionId), loader(classLoader)));
  }

  void add(JobExecutionImpl execution, StepExecutionImpl step) {
    step.setId(steps.newId());
    execution.addStepExecution(step);
    steps.save(step, false);
    // Listed after it exists, so a reader never finds the id of a step that is not there.
    store.listStep(execution, step);
  }

  void update(StepExecution step) {
    partitionWrites.endDeferral(step.getStepExecutionId());
    steps.save((AbstractStepExecution) step, false);
  }

  /** The newest execution of the step in the instance of {@code toRestart}, or null. */
  StepExecutionImpl originalForRestart(
      String stepName, JobExecutionImpl toRestart, ClassLoader classLoader) {
    for (StepExecution step : toRestart.getStepExecutions()) {
      if (stepName.equals(step.getStepName())) {
        return (StepExecutionImpl) step;
      }
    }
    long newest =
        store.newestStepId(
            toRestart.getJobName(), toRestart.getJobInstance().getInstanceId(), stepName);
    return newest < 0 ? null : steps.read(newest, loader(classLoader));
  }

  int countStarts(String stepName, long instanceId) {
    String jobName = instances.jobNameOf(instanceId);
    return jobName == null ? 0 : store.countStepStarts(jobName, instanceId, stepName);
  }

  void addPartition(StepExecutionImpl step, PartitionExecutionImpl partition) {
    step.getPartitionExecutions().add(partition);
    partitionWrites.add(partition);
  }

  List<PartitionExecutionImpl> partitions(
      long stepExecutionId,
      StepExecutionImpl step,
      boolean notCompletedOnly,
      ClassLoader classLoader) {
    List<PartitionExecutionImpl> partitions =
        step != null && !step.getPartitionExecutions().isEmpty()
            ? step.getPartitionExecutions()
            : steps.readPartitions(stepExecutionId, loader(classLoader));
    if (!notCompletedOnly) {
      return partitions;
    }
    return partitions.stream()
        .filter(partition -> partition.getBatchStatus() != BatchStatus.COMPLETED)
        .toList();
  }

  private static ClassLoader loader(ClassLoader given) {
    if (given != null) {
      return given;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : RedisJobRepository.class.getClassLoader();
  }
}
