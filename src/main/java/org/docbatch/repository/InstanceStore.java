package org.docbatch.repository;

import jakarta.batch.runtime.JobInstance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.jberet.job.model.Job;
import org.jberet.runtime.JobInstanceImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * Job instances and the names of the jobs they belong to, in Redis. An instance's keys share the
 * hash tag {@code {jobName}}; the instance id -> job name index is written before them, so whoever
 * finds an id in the job's keys can also find the job.
 */
final class InstanceStore {

  private static final RedisScript CREATE_INSTANCE = RedisScript.load("batch_create_instance");
  private static final RedisScript REMOVE_INSTANCE = RedisScript.load("batch_remove_instance");

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  InstanceStore(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  Set<String> jobNames() {
    return redis.smembers(keys.batchJobNames());
  }

  boolean jobExists(String jobName) {
    return redis.sismember(keys.batchJobNames(), jobName);
  }

  void forgetJobName(String jobName) {
    redis.srem(keys.batchJobNames(), jobName);
  }

  JobInstanceImpl create(Job job, String applicationName) {
    String jobName = job.getId();
    JobInstanceImpl instance = new JobInstanceImpl(job, applicationName, jobName);
    long id = redis.incr(keys.batchIds("instance"));
    instance.setId(id);
    // The id -> job index first: whoever finds the id in the job's keys can also find the job.
    redis.hset(keys.batchInstanceJobs(), Long.toString(id), jobName);
    redis.sadd(keys.batchJobNames(), jobName);
    CREATE_INSTANCE.run(
        redis,
        List.of(keys.batchInstance(jobName, id), keys.batchInstances(jobName)),
        List.of(Long.toString(id), applicationName == null ? "" : applicationName));
    return instance;
  }

  /** The name of the instance's job, or null when there is no such instance. */
  String jobNameOf(long instanceId) {
    return redis.hget(keys.batchInstanceJobs(), Long.toString(instanceId));
  }

  JobInstanceImpl read(String jobName, long instanceId) {
    String app = redis.hget(keys.batchInstance(jobName, instanceId), "app");
    if (app == null) {
      return null;
    }
    JobInstanceImpl instance = new JobInstanceImpl(null, app.isEmpty() ? null : app, jobName);
    instance.setId(instanceId);
    return instance;
  }

  /** The job's instances, or every job's when {@code jobName} is null; newest first. */
  List<JobInstance> newestFirst(String jobName) {
    List<JobInstance> result = new ArrayList<>();
    if (jobName == null) {
      for (String name : jobNames()) {
        result.addAll(newestFirst(name));
      }
      result.sort(Comparator.comparingLong(JobInstance::getInstanceId).reversed());
      return result;
    }
    for (String id : redis.zrevrange(keys.batchInstances(jobName), 0, -1)) {
      JobInstanceImpl instance = read(jobName, Long.parseLong(id));
      if (instance != null) {
        result.add(instance);
      }
    }
    return result;
  }

  /** The ids of the job's instances, oldest first. */
  List<Long> ids(String jobName) {
    return redis.zrange(keys.batchInstances(jobName), 0, -1).stream().map(Long::valueOf).toList();
  }

  int count(String jobName) {
    return (int) redis.zcard(keys.batchInstances(jobName));
  }

  /** The ids of the job's instances whose latest execution ended at or before {@code millis}. */
  List<String> endedBy(String jobName, long millis) {
    return redis.zrangeByScore(keys.batchEnded(jobName), 0, millis);
  }

  /**
   * Whether the instance's latest execution still ended at or before {@code millis}: a restarted
   * instance is no longer listed as ended.
   */
  boolean stillEndedBy(String jobName, String instanceId, long millis) {
    Double endedAt = redis.zscore(keys.batchEnded(jobName), instanceId);
    return endedAt != null && endedAt <= millis;
  }

  /** Removes the instance's own keys; its executions must be gone already. */
  void remove(String jobName, long instanceId) {
    REMOVE_INSTANCE.run(
        redis,
        List.of(
            keys.batchInstance(jobName, instanceId),
            keys.batchInstanceExecutions(jobName, instanceId),
            keys.batchInstances(jobName),
            keys.batchEnded(jobName)),
        List.of(Long.toString(instanceId)));
    redis.hdel(keys.batchInstanceJobs(), Long.toString(instanceId));
  }
}
