package org.docbatch.batch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import java.util.Properties;
import org.docbatch.repository.RedisJobRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jberet.operations.JobOperatorImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * docbatch's own JSR-352 job operator, built over {@link DocbatchBatchEnvironment} rather than taken from
 * the WildFly batch subsystem, so that docbatch chooses the job repository and the threads.
 *
 * <p>The JSR-352 state (instances, executions, steps, partitions, checkpoints) lives in Redis through
 * {@link RedisJobRepository}, so any node sharing that Redis can answer for, stop and restart a job, and
 * a killed node loses nothing.
 */
@ApplicationScoped
public class BatchEngine {

  @Inject BeanManager beanManager;

  @Resource ManagedThreadFactory threadFactory;

  @Inject UnifiedJedis redis;

  /** {@code REDIS_KEY_PREFIX}: the JSR-352 keys share the prefix of docbatch's other keys. */
  @Inject
  @ConfigProperty(name = "redis.key.prefix", defaultValue = "docbatch:")
  String keyPrefix;

  @Resource(lookup = "java:jboss/TransactionManager")
  TransactionManager transactionManager;

  /** {@code BATCH_THREADS}: threads this node gives JBeret for jobs and their partitions. */
  @Inject
  @ConfigProperty(name = "batch.threads", defaultValue = "32")
  int batchThreads;

  private BoundedJobExecutor executor;
  private RedisJobRepository repository;
  private JobOperatorImpl operator;

  @PostConstruct
  void init() {
    executor = BoundedJobExecutor.create(batchThreads, threadFactory);
    repository = new RedisJobRepository(redis, keyPrefix);
    operator =
        new JobOperatorImpl(
            new DocbatchBatchEnvironment(
                Thread.currentThread().getContextClassLoader(),
                new CdiArtifactFactory(beanManager),
                executor,
                transactionManager,
                repository));
  }

  @PreDestroy
  void shutdown() {
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
