package org.docbatch.repository;

import jakarta.transaction.TransactionManager;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jberet.repository.JobRepository;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;
import org.jberet.tools.MetaInfBatchJobsJobXmlResolver;
import org.jberet.tx.LocalTransactionManager;

/**
 * A JBeret environment for tests, without CDI: artifacts are classes named by their ref, job XML
 * comes from {@code META-INF/batch-jobs}, and the repository is the one given. One per simulated
 * node.
 */
final class PlainBatchEnvironment implements BatchEnvironment, AutoCloseable {

  private final JobRepository repository;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final JobXmlResolver jobXmlResolver = new MetaInfBatchJobsJobXmlResolver();

  PlainBatchEnvironment(JobRepository repository) {
    this.repository = repository;
  }

  @Override
  public ClassLoader getClassLoader() {
    return PlainBatchEnvironment.class.getClassLoader();
  }

  @Override
  public ArtifactFactory getArtifactFactory() {
    return new ArtifactFactory() {
      @Override
      public Class<?> getArtifactClass(String ref, ClassLoader loader) {
        try {
          return loader.loadClass(ref);
        } catch (ClassNotFoundException e) {
          return null;
        }
      }

      @Override
      public Object create(String ref, Class<?> type, ClassLoader loader) throws Exception {
        Class<?> artifact = type != null ? type : loader.loadClass(ref);
        return artifact.getDeclaredConstructor().newInstance();
      }

      @Override
      public void destroy(Object artifact) {}
    };
  }

  @Override
  public void submitTask(JobTask task) {
    threads.execute(task);
  }

  @Override
  public TransactionManager getTransactionManager() {
    return LocalTransactionManager.getInstance();
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
    return "contract-test";
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
