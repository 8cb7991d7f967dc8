package org.docbatch.wildfly;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import org.jberet.job.model.Job;
import org.jberet.repository.ApplicationAndJobName;
import org.jberet.repository.JobExecutionSelector;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * The job repository the WildFly batch subsystem gets from docbatch's extension: it forwards every
 * call to the Redis repository the docbatch application plugs in as it deploys ({@link #plug}).
 *
 * <p>The subsystem creates its repository before any deployment, and the Redis repository is built
 * from the application's configuration ({@code REDIS_URL}, {@code REDIS_KEY_PREFIX}) with the
 * application's Redis client: so this class, in the server's module {@code org.docbatch.batch}, is
 * the one both sides share, and the application's classes stay in the application. A call made
 * before the application plugged its repository in (a management read while it deploys) waits for
 * it, at most the resource's {@code wait-timeout}, then fails with {@code DOCBATCH-1841}.
 */
public final class PluggableJobRepository implements JobRepository {

  private static final Logger LOG = Logger.getLogger(PluggableJobRepository.class.getName());

  /**
   * The server's one instance: every {@code redis-job-repository} resource gives it to the
   * subsystem, and the application plugs into it.
   */
  private static final PluggableJobRepository SERVER = new PluggableJobRepository();

  private final Object lock = new Object();
  private JobRepository delegate;
  private volatile Duration waitTimeout = Duration.ofSeconds(60);

  private PluggableJobRepository() {}

  /** The repository of this server's batch subsystem. */
  public static PluggableJobRepository server() {
    return SERVER;
  }

  /** Plugs the application's repository in: from now on every call goes to it. */
  public void plug(JobRepository repository) {
    synchronized (lock) {
      delegate = repository;
      lock.notifyAll();
    }
    LOG.info(
        () ->
            "DOCBATCH-1840 The batch subsystem's job repository is now "
                + repository.getClass().getSimpleName());
  }

  /** Unplugs {@code repository} if it is the one plugged in (the application undeploys). */
  public void unplug(JobRepository repository) {
    synchronized (lock) {
      if (delegate == repository) {
        delegate = null;
      }
    }
  }

  /** The repository plugged in, or null: none yet, or the application undeployed. */
  public JobRepository plugged() {
    synchronized (lock) {
      return delegate;
    }
  }

  void waitTimeout(Duration timeout) {
    waitTimeout = timeout;
  }

  private JobRepository delegate() {
    long deadline = System.nanoTime() + waitTimeout.toNanos();
    synchronized (lock) {
      while (delegate == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "DOCBATCH-1841 The docbatch application has not plugged its Redis job repository"
                  + " into the batch subsystem within "
                  + waitTimeout.toSeconds()
                  + " s (is it deployed?)");
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "DOCBATCH-1842 Interrupted waiting for the job repository");
        }
      }
      return delegate;
    }
  }

  @Override
  public void addJob(ApplicationAndJobName applicationAndJobName, Job job) {
    delegate().addJob(applicationAndJobName, job);
  }

  @Override
  public void removeJob(String jobId) {
    delegate().removeJob(jobId);
  }

  @Override
  public Job getJob(ApplicationAndJobName applicationAndJobName) {
    return delegate().getJob(applicationAndJobName);
  }

  /**
   * None. The batch subsystem asks for the repository's job names in one place only: as the server
   * suspends (a graceful shutdown), to stop every running execution of each, and in Redis those are
   * every node's. docbatch hands a stopping node's work over itself (its worker pools finish or
   * hand back their documents, another node takes over a job whose coordinator is gone), so the
   * subsystem finds nothing to stop. Job names for the management model come from the deployment's
   * job XML, not from here.
   */
  @Override
  public Set<String> getJobNames() {
    return Set.of();
  }

  /**
   * Always: the batch subsystem checks a job name against the deployment's job XML before each
   * operation, and a job type that never ran has no instance in Redis yet (its {@code
   * instance-count} is 0, not an error), as with the subsystem's own repositories.
   */
  @Override
  public boolean jobExists(String jobName) {
    return true;
  }

  @Override
  public JobInstanceImpl createJobInstance(Job job, String applicationName, ClassLoader loader) {
    return delegate().createJobInstance(job, applicationName, loader);
  }

  @Override
  public void removeJobInstance(long jobInstanceId) {
    delegate().removeJobInstance(jobInstanceId);
  }

  @Override
  public JobInstance getJobInstance(long jobInstanceId) {
    return delegate().getJobInstance(jobInstanceId);
  }

  @Override
  public List<JobInstance> getJobInstances(String jobName) {
    return delegate().getJobInstances(jobName);
  }

  @Override
  public int getJobInstanceCount(String jobName) {
    return delegate().getJobInstanceCount(jobName);
  }

  @Override
  public JobExecutionImpl createJobExecution(JobInstanceImpl instance, Properties parameters) {
    return delegate().createJobExecution(instance, parameters);
  }

  @Override
  public JobExecution getJobExecution(long jobExecutionId) {
    return delegate().getJobExecution(jobExecutionId);
  }

  @Override
  public List<JobExecution> getJobExecutions(JobInstance jobInstance) {
    return delegate().getJobExecutions(jobInstance);
  }

  /**
   * The executions of a job, for the server's management model: WildFly lists them as it registers
   * the deployment's metrics and when the console opens the job. Redis unreachable, it shows none
   * ({@code DOCBATCH-1846}) rather than fail: a failure at deploy is a boot error, and WildFly
   * keeps a node with a boot error out of readiness for good, even once Redis is back. The
   * application itself never asks this (it reads its jobs from Redis directly).
   */
  @Override
  public List<Long> getJobExecutionsByJob(String jobName) {
    return getJobExecutionsByJob(jobName, null);
  }

  @Override
  public List<Long> getJobExecutionsByJob(String jobName, Integer limit) {
    JobRepository repository = delegate();
    try {
      return limit == null
          ? repository.getJobExecutionsByJob(jobName)
          : repository.getJobExecutionsByJob(jobName, limit);
    } catch (RuntimeException e) {
      LOG.warning(
          () ->
              "DOCBATCH-1846 The executions of job "
                  + jobName
                  + " could not be read, the management model shows none for now: "
                  + e);
      return List.of();
    }
  }

  @Override
  public void updateJobExecution(
      JobExecutionImpl jobExecution, boolean fullUpdate, boolean saveJobParameters) {
    delegate().updateJobExecution(jobExecution, fullUpdate, saveJobParameters);
  }

  @Override
  public void stopJobExecution(JobExecutionImpl jobExecution) {
    delegate().stopJobExecution(jobExecution);
  }

  @Override
  public List<Long> getRunningExecutions(String jobName) {
    return delegate().getRunningExecutions(jobName);
  }

  @Override
  public void removeJobExecutions(JobExecutionSelector selector) {
    delegate().removeJobExecutions(selector);
  }

  @Override
  public List<StepExecution> getStepExecutions(long jobExecutionId, ClassLoader classLoader) {
    return delegate().getStepExecutions(jobExecutionId, classLoader);
  }

  @Override
  public StepExecutionImpl createStepExecution(String stepName) {
    return delegate().createStepExecution(stepName);
  }

  @Override
  public void addStepExecution(JobExecutionImpl jobExecution, StepExecutionImpl stepExecution) {
    delegate().addStepExecution(jobExecution, stepExecution);
  }

  @Override
  public void updateStepExecution(StepExecution stepExecution) {
    delegate().updateStepExecution(stepExecution);
  }

  @Override
  public StepExecutionImpl findOriginalStepExecutionForRestart(
      String stepName, JobExecutionImpl jobExecutionToRestart, ClassLoader classLoader) {
    return delegate()
        .findOriginalStepExecutionForRestart(stepName, jobExecutionToRestart, classLoader);
  }

  @Override
  public int countStepStartTimes(String stepName, long jobInstanceId) {
    return delegate().countStepStartTimes(stepName, jobInstanceId);
  }

  @Override
  public void addPartitionExecution(
      StepExecutionImpl enclosingStepExecution, PartitionExecutionImpl partitionExecution) {
    delegate().addPartitionExecution(enclosingStepExecution, partitionExecution);
  }

  @Override
  public List<PartitionExecutionImpl> getPartitionExecutions(
      long stepExecutionId,
      StepExecutionImpl stepExecution,
      boolean notCompletedOnly,
      ClassLoader classLoader) {
    return delegate()
        .getPartitionExecutions(stepExecutionId, stepExecution, notCompletedOnly, classLoader);
  }

  @Override
  public void savePersistentData(JobExecution jobExecution, AbstractStepExecution execution) {
    delegate().savePersistentData(jobExecution, execution);
  }

  @Override
  public int savePersistentDataIfNotStopping(
      JobExecution jobExecution, AbstractStepExecution execution) {
    return delegate().savePersistentDataIfNotStopping(jobExecution, execution);
  }
}
