package org.docbatch.batch.engine;

import jakarta.transaction.TransactionManager;
import java.util.Properties;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.dispatch.coordinator.DispatchingEnvironment;
import org.jberet.repository.JobRepository;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;
import org.jberet.tools.MetaInfBatchJobsJobXmlResolver;

/**
 * The JBeret environment workers run partitions in, for executions any node coordinates: the
 * application's class loader and CDI beans, its own bounded threads, and the Redis job repository
 * (the one the batch subsystem's operator uses too); partitioned steps go through the Redis
 * dispatcher.
 */
final class DocbatchBatchEnvironment implements BatchEnvironment, DispatchingEnvironment {

  private final ClassLoader classLoader;
  private final ArtifactFactory artifactFactory;
  private final BoundedJobExecutor executor;
  private final TransactionManager transactionManager;
  private final JobRepository repository;
  private final Dispatcher dispatcher;
  private final JobXmlResolver jobXmlResolver = new MetaInfBatchJobsJobXmlResolver();

  DocbatchBatchEnvironment(
      ClassLoader classLoader,
      ArtifactFactory artifactFactory,
      BoundedJobExecutor executor,
      TransactionManager transactionManager,
      JobRepository repository,
      Dispatcher dispatcher) {
    this.classLoader = classLoader;
    this.artifactFactory = artifactFactory;
    this.executor = executor;
    this.transactionManager = transactionManager;
    this.repository = repository;
    this.dispatcher = dispatcher;
  }

  @Override
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public ArtifactFactory getArtifactFactory() {
    return artifactFactory;
  }

  @Override
  public void submitTask(JobTask task) {
    executor.execute(task);
  }

  @Override
  public TransactionManager getTransactionManager() {
    return transactionManager;
  }

  @Override
  public JobRepository getJobRepository() {
    return repository;
  }

  @Override
  public JobXmlResolver getJobXmlResolver() {
    return jobXmlResolver;
  }

  @Override
  public Properties getBatchConfigurationProperties() {
    return new Properties();
  }

  @Override
  public String getApplicationName() {
    return "docbatch";
  }
}
