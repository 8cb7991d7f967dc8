package org.docbatch.repository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.StepExecutionImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * Job executions in Redis (their instances are in {@link InstanceStore}). Everything of one job
 * name shares the hash tag {@code {jobName}}, so each change here is one single-slot Lua script;
 * the id -> job name indexes are written before the job's keys, so whoever finds an id can find its
 * job.
 */
final class ExecutionStore {

  private static final RedisScript SAVE_EXECUTION = RedisScript.load("batch_save_execution");
  private static final RedisScript STOP_EXECUTION = RedisScript.load("batch_stop_execution");
  private static final RedisScript REMOVE_EXECUTION = RedisScript.load("batch_remove_execution");

  private final UnifiedJedis redis;
  private final RedisKeys keys;
  private final InstanceStore instances;
  private final StepStore steps;

  ExecutionStore(UnifiedJedis redis, RedisKeys keys, InstanceStore instances, StepStore steps) {
    this.redis = redis;
    this.keys = keys;
    this.instances = instances;
    this.steps = steps;
  }

  /** A new execution of the instance, saved; its id -> job name index is written first. */
  JobExecutionImpl create(JobInstanceImpl instance, Properties parameters) {
    JobExecutionImpl execution = new JobExecutionImpl(instance, parameters);
    long id = redis.incr(keys.batchIds("execution"));
    execution.setId(id);
    String jobName = instance.getJobName();
    redis.hset(keys.batchExecutionJobs(), Long.toString(id), jobName);
    saveExecution(execution, true, true);
    return execution;
  }

  /** The name of the execution's job, or null when there is no such execution. */
  String jobNameOf(long executionId) {
    return redis.hget(keys.batchExecutionJobs(), Long.toString(executionId));
  }

  /** The ids of the job's executions, oldest first. */
  List<Long> ids(String jobName) {
    return redis.zrange(keys.batchExecutions(jobName), 0, -1).stream().map(Long::valueOf).toList();
  }

  /** The ids of the job's newest executions, newest first, up to rank {@code stop} (-1: all). */
  List<Long> newestIds(String jobName, long stop) {
    return redis.zrevrange(keys.batchExecutions(jobName), 0, stop).stream()
        .map(Long::valueOf)
        .toList();
  }

  /** The ids of the job's running executions, newest first. */
  List<Long> runningIds(String jobName) {
    return redis.smembers(keys.batchRunning(jobName)).stream()
        .map(Long::valueOf)
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  /** Marks a running execution STOPPING (another node may be running it). */
  void stop(String jobName, long id) {
    STOP_EXECUTION.run(
        redis,
        List.of(keys.batchExecution(jobName, id), keys.batchRunning(jobName)),
        List.of(Long.toString(id), Long.toString(System.currentTimeMillis())));
  }

  void saveExecution(JobExecutionImpl execution, boolean create, boolean saveParameters) {
    long id = execution.getExecutionId();
    String jobName = execution.getJobName();
    long instanceId = execution.getJobInstance().getInstanceId();
    List<String> fields = ExecutionRecord.fields(execution);
    List<String> nulls = ExecutionRecord.nullFields(execution);
    List<String> args = new ArrayList<>();
    args.add(Long.toString(id));
    args.add(create ? "1" : "0");
    args.add(saveParameters ? "1" : "0");
    args.add(Integer.toString(fields.size() / 2));
    args.addAll(fields);
    args.add(Integer.toString(nulls.size()));
    args.addAll(nulls);
    if (saveParameters) {
      args.addAll(ExecutionRecord.parameters(execution.getJobParameters()));
    }
    SAVE_EXECUTION.run(
        redis,
        List.of(
            keys.batchExecution(jobName, id),
            keys.batchExecutionParameters(jobName, id),
            keys.batchRunning(jobName),
            keys.batchExecutions(jobName),
            keys.batchInstanceExecutions(jobName, instanceId),
            keys.batchEnded(jobName)),
        args);
  }

  JobExecutionImpl readExecution(String jobName, long executionId, JobInstanceImpl owner) {
    Map<String, String> hash = redis.hgetAll(keys.batchExecution(jobName, executionId));
    if (hash.isEmpty()) {
      return null;
    }
    JobInstanceImpl instance = owner;
    if (instance == null) {
      instance = instances.read(jobName, Long.parseLong(hash.get(ExecutionRecord.INSTANCE)));
      if (instance == null) {
        return null;
      }
    }
    Map<String, String> parameters =
        redis.hgetAll(keys.batchExecutionParameters(jobName, executionId));
    return ExecutionRecord.read(executionId, instance, hash, parameters);
  }

  List<Long> instanceExecutionIds(String jobName, long instanceId) {
    return redis.lrange(keys.batchInstanceExecutions(jobName, instanceId), 0, -1).stream()
        .map(Long::valueOf)
        .toList();
  }

  /** Lists a step execution, already saved, under its job execution. */
  void listStep(JobExecutionImpl execution, StepExecutionImpl step) {
    redis.hset(
        keys.batchExecutionSteps(execution.getJobName(), execution.getExecutionId()),
        Long.toString(step.getStepExecutionId()),
        step.getStepName());
  }

  /** The id of the newest execution of step {@code stepName} in the instance, or -1. */
  long newestStepId(String jobName, long instanceId, String stepName) {
    long newest = -1;
    for (long executionId : instanceExecutionIds(jobName, instanceId)) {
      for (Map.Entry<String, String> step :
          redis.hgetAll(keys.batchExecutionSteps(jobName, executionId)).entrySet()) {
        long stepId = Long.parseLong(step.getKey());
        if (stepName.equals(step.getValue()) && stepId > newest) {
          newest = stepId;
        }
      }
    }
    return newest;
  }

  /** How many executions of step {@code stepName} the instance's executions started. */
  int countStepStarts(String jobName, long instanceId, String stepName) {
    int count = 0;
    for (long executionId : instanceExecutionIds(jobName, instanceId)) {
      for (String name : redis.hvals(keys.batchExecutionSteps(jobName, executionId))) {
        if (stepName.equals(name)) {
          count++;
        }
      }
    }
    return count;
  }

  /** The ids of the execution's steps, oldest first. */
  List<Long> stepIds(String jobName, long executionId) {
    return redis.hkeys(keys.batchExecutionSteps(jobName, executionId)).stream()
        .map(Long::valueOf)
        .sorted()
        .toList();
  }

  /**
   * Removes the instance with its executions and their steps; returns the execution ids removed.
   */
  List<Long> removeInstance(String jobName, long instanceId) {
    List<Long> executionIds = instanceExecutionIds(jobName, instanceId);
    for (long executionId : executionIds) {
      removeExecution(jobName, executionId, instanceId);
    }
    instances.remove(jobName, instanceId);
    return executionIds;
  }

  void removeExecution(String jobName, long executionId, long instanceId) {
    for (long stepId : stepIds(jobName, executionId)) {
      steps.remove(stepId);
    }
    REMOVE_EXECUTION.run(
        redis,
        List.of(
            keys.batchExecution(jobName, executionId),
            keys.batchExecutionParameters(jobName, executionId),
            keys.batchExecutionSteps(jobName, executionId),
            keys.batchExecutions(jobName),
            keys.batchRunning(jobName),
            keys.batchInstanceExecutions(jobName, instanceId)),
        List.of(Long.toString(executionId)));
    redis.hdel(keys.batchExecutionJobs(), Long.toString(executionId));
  }
}
