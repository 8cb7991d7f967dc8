package org.docbatch.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * Job instances and job executions in Redis. Everything of one job name shares the hash tag {@code
 * {jobName}}, so each change here is one single-slot Lua script; the id -> job name indexes are
 * written before the job's keys, so whoever finds an id can find its job.
 */
final class ExecutionStore {

  private static final RedisScript CREATE_INSTANCE = RedisScript.load("batch_create_instance");
  private static final RedisScript SAVE_EXECUTION = RedisScript.load("batch_save_execution");
  private static final RedisScript STOP_EXECUTION = RedisScript.load("batch_stop_execution");
  private static final RedisScript REMOVE_EXECUTION = RedisScript.load("batch_remove_execution");
  private static final RedisScript REMOVE_INSTANCE = RedisScript.load("batch_remove_instance");

  private final UnifiedJedis redis;
  private final RedisKeys keys;
  private final StepStore steps;

  ExecutionStore(UnifiedJedis redis, RedisKeys keys, StepStore steps) {
    this.redis = redis;
    this.keys = keys;
    this.steps = steps;
  }

  void createInstance(String jobName, long id, String applicationName) {
    redis.hset(keys.batchInstanceJobs(), Long.toString(id), jobName);
    redis.sadd(keys.batchJobNames(), jobName);
    CREATE_INSTANCE.run(
        redis,
        List.of(keys.batchInstance(jobName, id), keys.batchInstances(jobName)),
        List.of(Long.toString(id), applicationName == null ? "" : applicationName));
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

  JobInstanceImpl readInstance(String jobName, long instanceId) {
    String app = redis.hget(keys.batchInstance(jobName, instanceId), "app");
    if (app == null) {
      return null;
    }
    JobInstanceImpl instance = new JobInstanceImpl(null, app.isEmpty() ? null : app, jobName);
    instance.setId(instanceId);
    return instance;
  }

  JobExecutionImpl readExecution(String jobName, long executionId, JobInstanceImpl owner) {
    Map<String, String> hash = redis.hgetAll(keys.batchExecution(jobName, executionId));
    if (hash.isEmpty()) {
      return null;
    }
    JobInstanceImpl instance = owner;
    if (instance == null) {
      instance = readInstance(jobName, Long.parseLong(hash.get(ExecutionRecord.INSTANCE)));
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
    REMOVE_INSTANCE.run(
        redis,
        List.of(
            keys.batchInstance(jobName, instanceId),
            keys.batchInstanceExecutions(jobName, instanceId),
            keys.batchInstances(jobName),
            keys.batchEnded(jobName)),
        List.of(Long.toString(instanceId)));
    redis.hdel(keys.batchInstanceJobs(), Long.toString(instanceId));
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
