package org.docbatch.repository;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongConsumer;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisUrl;
import org.docbatch.wildfly.PluggableJobRepository;
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
  private final JobDefinitions jobs = new JobDefinitions();
  private final LiveExecutions live = new LiveExecutions();
  private final InstanceStore instances;
  private final JobExecutions executions;
  private final StepExecutions stepExecutions;
  private final PartitionWrites partitionWrites;
  private final InstanceRemoval removal;
  private final AbandonedExecutions abandoned;
  private volatile LongConsumer stopListener = executionId -> {};

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
    RedisKeys keys = new RedisKeys(keyPrefix);
    StepStore steps = new StepStore(redis, keys);
    this.instances = new InstanceStore(redis, keys);
    ExecutionStore store = new ExecutionStore(redis, keys, instances, steps);
    this.executions = new JobExecutions(store, steps, live);
    this.partitionWrites = new PartitionWrites(steps);
    this.stepExecutions = new StepExecutions(steps, store, instances, live, partitionWrites);
    this.removal = new InstanceRemoval(instances, executions);
    this.abandoned = new AbandonedExecutions(live, executions, stepExecutions);
  }

  /**
   * The Redis repository {@code repository} is or forwards to (the batch subsystem's {@link
   * PluggableJobRepository}), or null for any other repository.
   */
  public static RedisJobRepository behind(JobRepository repository) {
    JobRepository target =
        repository instanceof PluggableJobRepository pluggable ? pluggable.plugged() : repository;
    return target instanceof RedisJobRepository redis ? redis : null;
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

  // ---- job definitions (a local, soft cache) and job names ----

  @Override
  public void addJob(ApplicationAndJobName name, Job job) {
    jobs.add(name, job);
  }

  @Override
  public Job getJob(ApplicationAndJobName name) {
    return jobs.get(name);
  }

  @Override
  public Set<String> getJobNames() {
    return instances.jobNames();
  }

  @Override
  public boolean jobExists(String jobName) {
    return instances.jobExists(jobName);
  }

  /** Forgets the job's definition and removes every instance and execution of it. */
  @Override
  public void removeJob(String jobName) {
    jobs.forget(jobName);
    removal.removeJob(jobName);
  }

  // ---- job instances ----

  @Override
  public JobInstanceImpl createJobInstance(
      Job job, String applicationName, ClassLoader classLoader) {
    return instances.create(job, applicationName);
  }

  @Override
  public void removeJobInstance(long instanceId) {
    removal.remove(instanceId);
  }

  @Override
  public JobInstance getJobInstance(long instanceId) {
    String jobName = instances.jobNameOf(instanceId);
    return jobName == null ? null : instances.read(jobName, instanceId);
  }

  /** Newest first. */
  @Override
  public List<JobInstance> getJobInstances(String jobName) {
    return instances.newestFirst(jobName);
  }

  @Override
  public int getJobInstanceCount(String jobName) {
    return instances.count(jobName);
  }

  // ---- job executions ----

  @Override
  public JobExecutionImpl createJobExecution(JobInstanceImpl instance, Properties parameters) {
    return executions.create(instance, parameters);
  }

  @Override
  public JobExecution getJobExecution(long executionId) {
    return executions.get(executionId);
  }

  /** Oldest first; all executions of all jobs when {@code instance} is null. */
  @Override
  public List<JobExecution> getJobExecutions(JobInstance instance) {
    return instance == null ? executions.ofJobs(getJobNames()) : executions.of(instance);
  }

  /** Newest first. */
  @Override
  public List<Long> getJobExecutionsByJob(String jobName) {
    return getJobExecutionsByJob(jobName, null);
  }

  /** Newest first, at most {@code limit} of them when it is given. */
  @Override
  public List<Long> getJobExecutionsByJob(String jobName, Integer limit) {
    return executions.newestIds(jobName, limit);
  }

  @Override
  public void updateJobExecution(
      JobExecutionImpl execution, boolean fullUpdate, boolean saveParameters) {
    executions.update(execution, saveParameters);
  }

  /**
   * Marks the execution and its started steps and partitions STOPPING in Redis, so that a node
   * running it learns of the stop when it next saves its data ({@link
   * #savePersistentDataIfNotStopping}).
   */
  @Override
  public void stopJobExecution(JobExecutionImpl execution) {
    executions.stop(execution);
    stopListener.accept(execution.getExecutionId());
  }

  /**
   * Calls {@code listener} with the id of each execution an operator stops through this repository,
   * on whichever node (the admin console's {@code stop-job} included), after Redis marks it
   * STOPPING.
   */
  public void onStop(LongConsumer listener) {
    stopListener = listener;
  }

  @Override
  public List<Long> getRunningExecutions(String jobName) {
    return executions.runningIds(jobName);
  }

  @Override
  public void removeJobExecutions(JobExecutionSelector selector) {
    executions.remove(getJobNames(), selector);
  }

  /**
   * Expiry of finished jobs: removes every job instance whose latest execution ended before {@code
   * cutoff} (and is not running again), with all its executions, steps and partitions. Cost is one
   * sorted-set range per job name plus the removals. Returns how many instances went.
   */
  public int removeInstancesEndedBefore(Instant cutoff) {
    return removal.removeEndedBefore(cutoff);
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
    return abandoned.fail(executionId, exitStatus);
  }

  // ---- step and partition executions ----

  @Override
  public List<StepExecution> getStepExecutions(long executionId, ClassLoader classLoader) {
    return stepExecutions.of(executionId, classLoader);
  }

  @Override
  public StepExecutionImpl createStepExecution(String stepName) {
    return new StepExecutionImpl(stepName);
  }

  @Override
  public void addStepExecution(JobExecutionImpl execution, StepExecutionImpl step) {
    stepExecutions.add(execution, step);
  }

  @Override
  public void updateStepExecution(StepExecution step) {
    stepExecutions.update(step);
  }

  @Override
  public StepExecutionImpl findOriginalStepExecutionForRestart(
      String stepName, JobExecutionImpl toRestart, ClassLoader classLoader) {
    return stepExecutions.originalForRestart(stepName, toRestart, classLoader);
  }

  @Override
  public int countStepStartTimes(String stepName, long instanceId) {
    return stepExecutions.countStarts(stepName, instanceId);
  }

  @Override
  public void addPartitionExecution(StepExecutionImpl step, PartitionExecutionImpl partition) {
    stepExecutions.addPartition(step, partition);
  }

  @Override
  public List<PartitionExecutionImpl> getPartitionExecutions(
      long stepExecutionId,
      StepExecutionImpl step,
      boolean notCompletedOnly,
      ClassLoader classLoader) {
    return stepExecutions.partitions(stepExecutionId, step, notCompletedOnly, classLoader);
  }

  @Override
  public void savePersistentData(JobExecution execution, AbstractStepExecution step) {
    partitionWrites.save(step);
  }

  @Override
  public int savePersistentDataIfNotStopping(JobExecution execution, AbstractStepExecution step) {
    return partitionWrites.saveIfNotStopping(step);
  }

  // ---- partition writes: held back on a coordinator, left to it on a worker ----

  /**
   * From now on, holds back the partition writes of this step execution ({@code
   * addPartitionExecution}, and {@code savePersistentData} of a partition) and sends them in
   * batches, on {@link #flushPartitionWrites} or every {@value DeferredPartitionWrites#MAX}. For a
   * coordinator that hands partitions to other processes: it must flush before they can see them. A
   * crash loses the held writes: the partitions then look as they were last written.
   */
  public void deferPartitionWrites(long stepExecutionId) {
    partitionWrites.defer(stepExecutionId);
  }

  /** Sends the held partition writes of this step execution, in one round trip. */
  public void flushPartitionWrites(long stepExecutionId) {
    partitionWrites.flush(stepExecutionId);
  }

  /** Sends what is held and writes the step's partitions at once again. */
  public void endPartitionWriteDeferral(long stepExecutionId) {
    partitionWrites.endDeferral(stepExecutionId);
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
    partitionWrites.leaveToCoordinator();
  }

  /** This thread writes its saves of partition executions again. */
  public void writePartitionsOnThisThread() {
    partitionWrites.writeOnThisThread();
  }
}
