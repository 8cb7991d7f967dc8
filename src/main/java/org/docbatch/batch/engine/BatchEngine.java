package org.docbatch.batch.engine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.dispatch.coordinator.JobParameters;
import org.docbatch.redis.RedisKeys;
import org.docbatch.repository.RedisJobRepository;
import org.docbatch.store.JobStore;
import org.docbatch.wildfly.PluggableJobRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jberet.spi.BatchEnvironment;
import redis.clients.jedis.UnifiedJedis;

/**
 * docbatch's JSR-352 engine: jobs start, stop and restart through the WildFly batch subsystem's
 * operator ({@code BatchRuntime.getJobOperator()}, the one the admin console and the management
 * model use), whose job repository is docbatch's {@link RedisJobRepository}: this class builds it
 * and plugs it into the subsystem's repository ({@link PluggableJobRepository}, docs/repository.md
 * "One engine").
 *
 * <p>The JSR-352 state (instances, executions, steps, partitions, checkpoints) lives in Redis, so
 * any node sharing that Redis can answer for, stop and restart a job, and a killed node loses
 * nothing. Workers run the partitions of any node's jobs in {@link DocbatchBatchEnvironment}, over
 * the same repository.
 */
@ApplicationScoped
public class BatchEngine {

  private static final Logger LOG = Logger.getLogger(BatchEngine.class.getName());

  /** The exit status of an execution whose node died while it ran. */
  public static final String NODE_LOST = "NODE_LOST";

  @Inject BeanManager beanManager;

  @Resource ManagedThreadFactory threadFactory;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject UnifiedJedis redis;

  @Inject Dispatcher dispatcher;

  /** {@code JOB_TTL}: a finished job's JSR-352 state goes with its record. */
  @Inject JobStore jobs;

  /** {@code REDIS_KEY_PREFIX}: the JSR-352 keys share the prefix of docbatch's other keys. */
  @Inject RedisKeys keys;

  @Resource(lookup = "java:jboss/TransactionManager")
  TransactionManager transactionManager;

  /** {@code BATCH_THREADS}: threads this node gives JBeret for partitions run in-process. */
  @Inject
  @ConfigProperty(name = "batch.threads", defaultValue = "32")
  int batchThreads;

  private BoundedJobExecutor executor;
  private RedisJobRepository repository;
  private BatchEnvironment environment;
  private ScheduledFuture<?> expiry;

  @PostConstruct
  void init() {
    executor = BoundedJobExecutor.create(batchThreads, threadFactory);
    repository = new RedisJobRepository(redis, keys.prefix());
    PluggableJobRepository.server().plug(repository);
    environment =
        new DocbatchBatchEnvironment(
            Thread.currentThread().getContextClassLoader(),
            new CdiArtifactFactory(beanManager),
            executor,
            transactionManager,
            repository,
            dispatcher);
    Duration ttl = Duration.ofSeconds(jobs.ttlSeconds());
    long period = Math.max(1, Math.min(ttl.toSeconds() / 4, 600));
    expiry = scheduler.scheduleWithFixedDelay(() -> expire(ttl), period, period, TimeUnit.SECONDS);
  }

  private void expire(Duration ttl) {
    try {
      repository.removeInstancesEndedBefore(Instant.now().minus(ttl));
    } catch (RuntimeException e) {
      // A failed sweep (Redis briefly away) must not cancel the next ones.
      LOG.log(
          Level.WARNING, "DOCBATCH-0301 Expiring finished JSR-352 jobs failed; retrying later", e);
    }
  }

  @PreDestroy
  void shutdown() {
    expiry.cancel(false);
    PluggableJobRepository.server().unplug(repository);
    executor.shutdown();
  }

  /**
   * The batch subsystem's operator of this deployment: WildFly's {@code BatchRuntime} answers with
   * the one of the calling thread's deployment (its context class loader).
   */
  private static JobOperator operator() {
    return BatchRuntime.getJobOperator();
  }

  /** Starts the job XML {@code jobXmlName} and returns its execution id. */
  public long start(String jobXmlName, Properties parameters) {
    return operator().start(jobXmlName, parameters);
  }

  /**
   * Restarts a FAILED or STOPPED execution as a new execution of the same JSR-352 job instance.
   *
   * @return the new execution's id
   */
  public long restart(long executionId, Properties parameters) {
    return operator().restart(executionId, parameters);
  }

  /**
   * Marks an execution whose node died FAILED (exit status {@value #NODE_LOST}) so that it can be
   * restarted; see {@link RedisJobRepository#failAbandoned}.
   */
  public void failAbandoned(long executionId) {
    repository.failAbandoned(executionId, NODE_LOST);
  }

  /** The JBeret environment jobs run in (workers of the dispatcher run partitions in it too). */
  public BatchEnvironment environment() {
    return environment;
  }

  /** The executions coordinated by this node. */
  public Set<Long> liveExecutionIds() {
    return repository.liveExecutionIds();
  }

  /** Stops an execution if this node coordinates it and it is still running. */
  public void stopIfRunningHere(long executionId) {
    if (repository.runsHere(executionId)) {
      try {
        operator().stop(executionId);
      } catch (JobExecutionNotRunningException e) {
        // It ended meanwhile.
      }
    }
  }

  /**
   * Calls {@code listener} with the docbatch job id of each execution an operator stops, on this
   * node (the API's cancel, the admin console's {@code stop-job}); a failing listener does not fail
   * the stop.
   */
  public void onStop(Consumer<String> listener) {
    repository.onStop(
        executionId -> {
          try {
            JobExecution execution = repository.getJobExecution(executionId);
            Properties parameters = execution == null ? null : execution.getJobParameters();
            String jobId = parameters == null ? null : parameters.getProperty(JobParameters.JOB_ID);
            if (jobId != null) {
              listener.accept(jobId);
            }
          } catch (RuntimeException e) {
            LOG.log(
                Level.WARNING,
                e,
                () -> "DOCBATCH-1845 Execution " + executionId + " stopped; its job was not told");
          }
        });
  }

  /** Whether the execution runs in this JVM. */
  public boolean runsHere(long executionId) {
    return repository.runsHere(executionId);
  }

  public boolean isStarted() {
    return environment != null;
  }
}
