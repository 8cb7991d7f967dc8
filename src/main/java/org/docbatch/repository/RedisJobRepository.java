package org.docbatch.repository;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import java.lang.ref.SoftReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisUrl;
import org.jberet.job.model.Job;
import org.jberet.repository.ApplicationAndJobName;
import org.jberet.repository.JobExecutionSelector;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * A JBeret {@link JobRepository} that keeps all JSR-352 state (job instances, job executions, step
 * and partition executions, persistent user data, checkpoints) in Redis, so that every node sharing
 * that Redis can answer for, stop and restart any job, and a killed node loses nothing.
 *
 * <p>Usable by any JBeret SE user: pick it by class name; its {@link
 * #RedisJobRepository(Properties)} constructor reads {@value #URL} and {@value #PREFIX}. Ids come
 * from INCR; a change to several keys of one job is one Lua script over keys that share the job's
 * hash tag. Executions started in this JVM are answered with their live {@link JobExecutionImpl}
 * (see {@link LiveExecutions}); everything else is read from Redis. Parsed job definitions are
 * cached softly, as JBeret's own repositories do.
 */
public final class RedisJobRepository implements JobRepository, AutoCloseable {

  /** Property: the Redis URL, {@code redis://host:port/db} or any form {@link RedisUrl} reads. */
  public static final String URL = "redis.url";

  /** Property: the prefix of every key (default {@code jberet:}). */
  public static final String PREFIX = "redis.key.prefix";

  private final UnifiedJedis redis;
  private final String keyPrefix;
  private final boolean ownsClient;
  private final RedisKeys keys;
  private final StepStore steps;
  private final ExecutionStore store;
  private final LiveExecutions live = new LiveExecutions();
  private final ConcurrentMap<Long, DeferredPartitionWrites> deferred = new ConcurrentHashMap<>();

  /** Whether this thread runs a dispatched partition, whose row its coordinator writes. */
  private final ThreadLocal<Boolean> coordinatorWritesPartitions = new ThreadLocal<>();

  private final ConcurrentMap<ApplicationAndJobName, SoftReference<Job>> jobs =
      new ConcurrentHashMap<>();

  /** For JBeret SE: {@value #URL} (default {@code redis://127.0.0.1:6379}) and {@value #PREFIX}. */
  public RedisJobRepository(Properties properties) {
    this(
        RedisUrl.parse(properties.getProperty(URL, "redis://127.0.0.1:6379")).connect(),
        properties.getProperty(PREFIX, "jberet:"),
        true);
  }

  /** Over a client the caller owns and closes. */
  public RedisJobRepository(UnifiedJedis redis, String keyPrefix) {
    this(redis, keyPrefix, false);
  }

  private RedisJobRepository(UnifiedJedis redis, String keyPrefix, boolean ownsClient) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.ownsClient = ownsClient;
    this.keys = new RedisKeys(keyPrefix);
    this.steps = new StepStore(redis, keys);
    this.store = new ExecutionStore(redis, keys, steps);
  }

  @Override
  public void close() {
    if (ownsClient) {
      redis.close();
    }
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /** Whether the execution runs in this JVM. */
  public boolean runsHere(long executionId) {
    return live.get(executionId) != null;
  }

  /** The executions running in this JVM. */
  public Set<Long> liveExecutionIds() {
    return live.ids();
  }

  /** How many executions this JVM holds live right now (for tests and metrics). */
  public int liveExecutionCount() {
    return live.size();
  }

  // ---- job definitions: a local, soft cache (JBeret reloads the XML when it is gone) ----

  @Override
  public void addJob(ApplicationAndJobName name, Job job) {
    jobs.put(name, new SoftReference<>(job));
  }

  @Override
  public Job getJob(ApplicationAndJobName name) {
    SoftReference<Job> ref = jobs.get(name);
    return ref == null ? null : ref.get();
  }

  @Override
  public Set<String> getJobNames() {
    return redis.smembers(keys.batchJobNames());
  }

  @Override
  public boolean jobExists(String jobName) {
    return redis.sismember(keys.batchJobNames(), jobName);
  }

  /** Forgets the job's definition and removes every instance and execution of it. */
  @Override
  public void removeJob(String jobName) {
    jobs.keySet().removeIf(name -> name.jobName.equals(jobName));
    for (String instanceId : redis.zrange(keys.batchInstances(jobName), 0, -1)) {
      removeInstance(jobName, Long.parseLong(instanceId));
    }
    redis.srem(keys.batchJobNames(), jobName);
  }

  // ---- job instances ----

  @Override
  public JobInstanceImpl createJobInstance(
      Job job, String applicationName, ClassLoader classLoader) {
    String jobName = job.getId();
    JobInstanceImpl instance = new JobInstanceImpl(job, applicationName, jobName);
    long id = redis.incr(keys.batchIds("instance"));
    instance.setId(id);
    // The id -> job index first: whoever finds the id in the job's keys can also find the job.
    store.createInstance(jobName, id, applicationName);
    return instance;
  }

  @Override
  public void removeJobInstance(long instanceId) {
    String jobName = redis.hget(keys.batchInstanceJobs(), Long.toString(instanceId));
    if (jobName != null) {
      removeInstance(jobName, instanceId);
    }
  }

  @Override
  public JobInstance getJobInstance(long instanceId) {
    String jobName = redis.hget(keys.batchInstanceJobs(), Long.toString(instanceId));
    return jobName == null ? null : store.readInstance(jobName, instanceId);
  }

  /** Newest first. */
  @Override
  public List<JobInstance> getJobInstances(String jobName) {
    List<JobInstance> result = new ArrayList<>();
    if (jobName == null) {
      for (String name : getJobNames()) {
        result.addAll(getJobInstances(name));
      }
      result.sort(Comparator.comparingLong(JobInstance::getInstanceId).reversed());
      return result;
    }
    for (String id : redis.zrevrange(keys.batchInstances(jobName), 0, -1)) {
      JobInstanceImpl instance = store.readInstance(jobName, Long.parseLong(id));
      if (instance != null) {
        result.add(instance);
      }
    }
    return result;
  }

  @Override
  public int getJobInstanceCount(String jobName) {
    return (int) redis.zcard(keys.batchInstances(jobName));
  }

  // ---- job executions ----

  @Override
  public JobExecutionImpl createJobExecution(JobInstanceImpl instance, Properties parameters) {
    JobExecutionImpl execution = new JobExecutionImpl(instance, parameters);
    long id = redis.incr(keys.batchIds("execution"));
    execution.setId(id);
    String jobName = instance.getJobName();
    redis.hset(keys.batchExecutionJobs(), Long.toString(id), jobName);
    store.saveExecution(execution, true, true);
    instance.addJobExecution(execution);
    live.add(execution);
    return execution;
  }

  @Override
  public JobExecution getJobExecution(long executionId) {
    JobExecutionImpl running = live.get(executionId);
    if (running != null) {
      return running;
    }
    String jobName = redis.hget(keys.batchExecutionJobs(), Long.toString(executionId));
    return jobName == null ? null : store.readExecution(jobName, executionId, null);
  }

  /** Oldest first; all executions of all jobs when {@code instance} is null. */
  @Override
  public List<JobExecution> getJobExecutions(JobInstance instance) {
    List<JobExecution> result = new ArrayList<>();
    if (instance == null) {
      for (String jobName : getJobNames()) {
        for (String id : redis.zrange(keys.batchExecutions(jobName), 0, -1)) {
          addIfFound(result, jobName, Long.parseLong(id), null);
        }
      }
      return result;
    }
    String jobName = instance.getJobName();
    JobInstanceImpl owner = instance instanceof JobInstanceImpl impl ? impl : null;
    for (String id :
        redis.lrange(keys.batchInstanceExecutions(jobName, instance.getInstanceId()), 0, -1)) {
      addIfFound(result, jobName, Long.parseLong(id), owner);
    }
    return result;
  }

  /** Newest first. */
  @Override
  public List<Long> getJobExecutionsByJob(String jobName) {
    return getJobExecutionsByJob(jobName, null);
  }

  /** Newest first, at most {@code limit} of them when it is given. */
  @Override
  public List<Long> getJobExecutionsByJob(String jobName, Integer limit) {
    long stop = limit == null || limit <= 0 ? -1 : limit - 1;
    return redis.zrevrange(keys.batchExecutions(jobName), 0, stop).stream()
        .map(Long::valueOf)
        .toList();
  }

  @Override
  public void updateJobExecution(
      JobExecutionImpl execution, boolean fullUpdate, boolean saveParameters) {
    execution.setLastUpdatedTime(System.currentTimeMillis());
    store.saveExecution(execution, false, saveParameters);
    if (isFinal(execution.getBatchStatus())) {
      live.remove(execution.getExecutionId());
    }
  }

  /**
   * Marks the execution and its started steps and partitions STOPPING in Redis, so that a node
   * running it learns of the stop when it next saves its data ({@link
   * #savePersistentDataIfNotStopping}).
   */
  @Override
  public void stopJobExecution(JobExecutionImpl execution) {
    long id = execution.getExecutionId();
    String jobName = execution.getJobName();
    store.stop(jobName, id);
    for (String stepId : redis.hkeys(keys.batchExecutionSteps(jobName, id))) {
      steps.markStopping(Long.parseLong(stepId));
    }
  }

  @Override
  public List<Long> getRunningExecutions(String jobName) {
    return redis.smembers(keys.batchRunning(jobName)).stream()
        .map(Long::valueOf)
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  @Override
  public void removeJobExecutions(JobExecutionSelector selector) {
    for (String jobName : getJobNames()) {
      List<Long> ids =
          redis.zrange(keys.batchExecutions(jobName), 0, -1).stream().map(Long::valueOf).toList();
      for (long id : ids) {
        JobExecution execution = getJobExecution(id);
        if (execution != null && (selector == null || selector.select(execution, ids))) {
          removeExecution(jobName, (JobExecutionImpl) execution);
        }
      }
    }
  }

  /**
   * Expiry of finished jobs: removes every job instance whose latest execution ended before {@code
   * cutoff} (and is not running again), with all its executions, steps and partitions. Cost is one
   * sorted-set range per job name plus the removals. Returns how many instances went.
   */
  public int removeInstancesEndedBefore(Instant cutoff) {
    int removed = 0;
    for (String jobName : getJobNames()) {
      List<String> ended = redis.zrangeByScore(keys.batchEnded(jobName), 0, cutoff.toEpochMilli());
      for (String instanceId : ended) {
        // Restarted since the range was read? Then it is no longer in the set: keep it.
        Double endedAt = redis.zscore(keys.batchEnded(jobName), instanceId);
        if (endedAt != null && endedAt <= cutoff.toEpochMilli()) {
          removeInstance(jobName, Long.parseLong(instanceId));
          removed++;
        }
      }
      if (!ended.isEmpty() && getJobInstanceCount(jobName) == 0) {
        redis.srem(keys.batchJobNames(), jobName);
      }
    }
    return removed;
  }

  /**
   * Marks an execution whose JVM died while it ran, and its unfinished steps, FAILED with {@code
   * exitStatus}, so that JBeret will restart it. Executions running in this JVM and executions that
   * already ended are left alone. The caller makes sure the execution's JVM is really gone
   * (docbatch knows from the node's heartbeat).
   *
   * @return true when the execution was marked
   */
  public boolean failAbandoned(long executionId, String exitStatus) {
    if (live.get(executionId) != null
        || !(getJobExecution(executionId) instanceof JobExecutionImpl execution)
        || isFinal(execution.getBatchStatus())) {
      return false;
    }
    for (StepExecution step : getStepExecutions(executionId, null)) {
      if (!isFinal(step.getBatchStatus())) {
        StepExecutionImpl unfinished = (StepExecutionImpl) step;
        unfinished.setBatchStatus(BatchStatus.FAILED);
        unfinished.setExitStatus(exitStatus);
        updateStepExecution(unfinished);
      }
    }
    execution.setBatchStatus(BatchStatus.FAILED);
    execution.setExitStatus(exitStatus);
    updateJobExecution(execution, false, false);
    return true;
  }

  // ---- step and partition executions ----

  @Override
  public List<StepExecution> getStepExecutions(long executionId, ClassLoader classLoader) {
    JobExecutionImpl running = live.get(executionId);
    if (running != null && !running.getStepExecutions().isEmpty()) {
      return running.getStepExecutions();
    }
    String jobName = redis.hget(keys.batchExecutionJobs(), Long.toString(executionId));
    if (jobName == null) {
      return new ArrayList<>();
    }
    return new ArrayList<>(steps.readAll(store.stepIds(jobName, executionId), loader(classLoader)));
  }

  @Override
  public StepExecutionImpl createStepExecution(String stepName) {
    return new StepExecutionImpl(stepName);
  }

  @Override
  public void addStepExecution(JobExecutionImpl execution, StepExecutionImpl step) {
    step.setId(redis.incr(keys.batchIds("step")));
    execution.addStepExecution(step);
    steps.save(step, false);
    // Listed after it exists, so a reader never finds the id of a step that is not there.
    redis.hset(
        keys.batchExecutionSteps(execution.getJobName(), execution.getExecutionId()),
        Long.toString(step.getStepExecutionId()),
        step.getStepName());
  }

  @Override
  public void updateStepExecution(StepExecution step) {
    endPartitionWriteDeferral(step.getStepExecutionId());
    steps.save((AbstractStepExecution) step, false);
  }

  @Override
  public StepExecutionImpl findOriginalStepExecutionForRestart(
      String stepName, JobExecutionImpl toRestart, ClassLoader classLoader) {
    for (StepExecution step : toRestart.getStepExecutions()) {
      if (stepName.equals(step.getStepName())) {
        return (StepExecutionImpl) step;
      }
    }
    String jobName = toRestart.getJobName();
    long newest = -1;
    for (long executionId :
        store.instanceExecutionIds(jobName, toRestart.getJobInstance().getInstanceId())) {
      for (Map.Entry<String, String> step :
          redis.hgetAll(keys.batchExecutionSteps(jobName, executionId)).entrySet()) {
        long stepId = Long.parseLong(step.getKey());
        if (stepName.equals(step.getValue()) && stepId > newest) {
          newest = stepId;
        }
      }
    }
    return newest < 0 ? null : steps.read(newest, loader(classLoader));
  }

  @Override
  public int countStepStartTimes(String stepName, long instanceId) {
    String jobName = redis.hget(keys.batchInstanceJobs(), Long.toString(instanceId));
    if (jobName == null) {
      return 0;
    }
    int count = 0;
    for (long executionId : store.instanceExecutionIds(jobName, instanceId)) {
      for (String name : redis.hvals(keys.batchExecutionSteps(jobName, executionId))) {
        if (stepName.equals(name)) {
          count++;
        }
      }
    }
    return count;
  }

  @Override
  public void addPartitionExecution(StepExecutionImpl step, PartitionExecutionImpl partition) {
    step.getPartitionExecutions().add(partition);
    DeferredPartitionWrites pending = deferred.get(partition.getStepExecutionId());
    if (pending == null) {
      steps.addPartition(partition);
    } else if (pending.add(steps.deferredSave(partition, true))) {
      flushPartitionWrites(partition.getStepExecutionId());
    }
  }

  /**
   * From now on, holds back the partition writes of this step execution ({@code
   * addPartitionExecution}, and {@code savePersistentData} of a partition) and sends them in
   * batches, on {@link #flushPartitionWrites} or every {@value DeferredPartitionWrites#MAX}. For a
   * coordinator that hands partitions to other processes: it must flush before they can see them. A
   * crash loses the held writes: the partitions then look as they were last written.
   */
  public void deferPartitionWrites(long stepExecutionId) {
    deferred.putIfAbsent(stepExecutionId, new DeferredPartitionWrites());
  }

  /** Sends the held partition writes of this step execution, in one round trip. */
  public void flushPartitionWrites(long stepExecutionId) {
    DeferredPartitionWrites pending = deferred.get(stepExecutionId);
    if (pending != null) {
      steps.sendAll(pending.drain());
    }
  }

  /** Sends what is held and writes the step's partitions at once again. */
  public void endPartitionWriteDeferral(long stepExecutionId) {
    DeferredPartitionWrites pending = deferred.remove(stepExecutionId);
    if (pending != null) {
      steps.sendAll(pending.drain());
    }
  }

  @Override
  public List<PartitionExecutionImpl> getPartitionExecutions(
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

  /**
   * From now on, until {@link #writePartitionsOnThisThread}, this thread's saves of partition
   * executions are left to the partitions' coordinator: a worker runs a partition that another
   * thread, maybe on another node, coordinates, and that coordinator saves the partition's
   * execution when it hears how it ended (JBeret saves what the partition handler reports), over
   * whatever the worker wrote. The worker's own save (still STARTED, JBeret sets the end status
   * after it) cost a script per document and was always overwritten. A save left to the coordinator
   * reports "written" ({@code savePersistentDataIfNotStopping} returns 1): a stop reaches a
   * dispatched partition through the dispatcher, not through its row.
   */
  public void leavePartitionWritesToCoordinator() {
    coordinatorWritesPartitions.set(Boolean.TRUE);
  }

  /** This thread writes its saves of partition executions again. */
  public void writePartitionsOnThisThread() {
    coordinatorWritesPartitions.remove();
  }

  @Override
  public void savePersistentData(JobExecution execution, AbstractStepExecution step) {
    if (step instanceof PartitionExecutionImpl && leftToCoordinator()) {
      return;
    }
    DeferredPartitionWrites pending =
        step instanceof PartitionExecutionImpl ? deferred.get(step.getStepExecutionId()) : null;
    if (pending == null) {
      steps.save(step, false);
    } else if (pending.add(steps.deferredSave((PartitionExecutionImpl) step, false))) {
      flushPartitionWrites(step.getStepExecutionId());
    }
  }

  @Override
  public int savePersistentDataIfNotStopping(JobExecution execution, AbstractStepExecution step) {
    if (step instanceof PartitionExecutionImpl && leftToCoordinator()) {
      return 1;
    }
    return steps.save(step, true) ? 1 : 0;
  }

  private boolean leftToCoordinator() {
    return coordinatorWritesPartitions.get() != null;
  }

  // ---- internals ----

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

  private void removeExecution(String jobName, JobExecutionImpl execution) {
    long id = execution.getExecutionId();
    store.removeExecution(jobName, id, execution.getJobInstance().getInstanceId());
    live.remove(id);
  }

  private void removeInstance(String jobName, long instanceId) {
    for (long executionId : store.removeInstance(jobName, instanceId)) {
      live.remove(executionId);
    }
  }

  private static boolean isFinal(BatchStatus status) {
    return status == BatchStatus.COMPLETED
        || status == BatchStatus.FAILED
        || status == BatchStatus.STOPPED
        || status == BatchStatus.ABANDONED;
  }

  private static ClassLoader loader(ClassLoader given) {
    if (given != null) {
      return given;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : RedisJobRepository.class.getClassLoader();
  }
}
