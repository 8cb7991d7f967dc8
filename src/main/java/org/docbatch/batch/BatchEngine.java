package org.docbatch.batch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.repository.InMemoryRepository;

/**
 * docbatch's own JSR-352 job operator, built over {@link DocbatchBatchEnvironment} rather than
 * taken from the WildFly batch subsystem, so that docbatch chooses the job repository and the
 * threads.
 *
 * <p>The repository is JBeret's in-memory one for now: docbatch's job records and results already
 * live in Redis ({@code JobStore}); the JSR-352 state moves there with the Redis JobRepository.
 */
@ApplicationScoped
public class BatchEngine {

  @Inject BeanManager beanManager;

  @Resource ManagedThreadFactory threadFactory;

  @Resource ManagedScheduledExecutorService scheduler;

  @Resource(lookup = "java:jboss/TransactionManager")
  TransactionManager transactionManager;

  /** {@code BATCH_THREADS}: threads this node gives JBeret for jobs and their partitions. */
  @Inject
  @ConfigProperty(name = "batch.threads", defaultValue = "32")
  int batchThreads;

  private static final Duration FORGET_AFTER = Duration.ofMinutes(1);

  private BoundedJobExecutor executor;
  private InMemoryRepository repository;
  private JobOperatorImpl operator;
  private ScheduledFuture<?> pruning;

  @PostConstruct
  void init() {
    executor = BoundedJobExecutor.create(batchThreads, threadFactory);
    repository = InMemoryRepository.create();
    operator =
        new JobOperatorImpl(
            new DocbatchBatchEnvironment(
                Thread.currentThread().getContextClassLoader(),
                new CdiArtifactFactory(beanManager),
                executor,
                transactionManager,
                repository));
    long period = FORGET_AFTER.toSeconds();
    pruning =
        scheduler.scheduleWithFixedDelay(
            () -> repository.removeJobExecutions(new EndedExecutions(FORGET_AFTER)),
            period,
            period,
            TimeUnit.SECONDS);
  }

  @PreDestroy
  void shutdown() {
    pruning.cancel(false);
    executor.shutdown();
  }

  /** Starts the job XML {@code jobXmlName} and returns its execution id. */
  public long start(String jobXmlName, Properties parameters) {
    return operator.start(jobXmlName, parameters);
  }

  /** Asks a running execution to stop; partitions not yet started will not start. */
  public void stop(long executionId) {
    operator.stop(executionId);
  }

  public boolean isStarted() {
    return operator != null;
  }
}
