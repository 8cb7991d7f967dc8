package org.docbatch.repository;

import java.time.Instant;
import java.util.List;

/**
 * Removes job instances with their executions, steps and partitions: one instance, all of a job's,
 * or, for the expiry of finished jobs, those whose latest execution ended before a cutoff.
 */
final class InstanceRemoval {

  private final InstanceStore instances;
  private final JobExecutions executions;

  InstanceRemoval(InstanceStore instances, JobExecutions executions) {
    this.instances = instances;
    this.executions = executions;
  }

  void remove(long instanceId) {
    String jobName = instances.jobNameOf(instanceId);
    if (jobName != null) {
      executions.removeInstance(jobName, instanceId);
    }
  }

  /** Removes every instance of the job, then its name. */
  void removeJob(String jobName) {
    for (long instanceId : instances.ids(jobName)) {
      executions.removeInstance(jobName, instanceId);
    }
    instances.forgetJobName(jobName);
  }

  /**
   * Removes every instance whose latest execution ended before {@code cutoff} and is not running
   * again; one sorted-set range per job name plus the removals. Returns how many instances went.
   */
  int removeEndedBefore(Instant cutoff) {
    int removed = 0;
    for (String jobName : instances.jobNames()) {
      List<String> ended = instances.endedBy(jobName, cutoff.toEpochMilli());
      for (String instanceId : ended) {
        // Restarted since the range was read? Then it is no longer in the set: keep it.
        if (instances.stillEndedBy(jobName, instanceId, cutoff.toEpochMilli())) {
          executions.removeInstance(jobName, Long.parseLong(instanceId));
          removed++;
        }
      }
      if (!ended.isEmpty() && instances.count(jobName) == 0) {
        instances.forgetJobName(jobName);
      }
    }
    return removed;
  }
}
