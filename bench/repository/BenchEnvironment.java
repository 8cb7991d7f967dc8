import jakarta.transaction.TransactionManager;
import java.util.Properties;
import org.jberet.repository.JobRepository;
import org.jberet.se.BatchSEEnvironment;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

/**
 * JBeret SE's own environment (Weld artifact factory, thread pool, job XML from {@code
 * META-INF/batch-jobs}) with the repository under test in place of the one it would build. {@link
 * BatchSEEnvironment} is final, so it is wrapped; one per repository, each with its own operator.
 */
final class BenchEnvironment implements BatchEnvironment {

  private final BatchEnvironment se = new BatchSEEnvironment();
  private final JobRepository repository;

  BenchEnvironment(JobRepository repository) {
    this.repository = repository;
  }

  @Override
  public JobRepository getJobRepository() {
    return repository;
  }

  @Override
  public ClassLoader getClassLoader() {
    return se.getClassLoader();
  }

  @Override
  public ArtifactFactory getArtifactFactory() {
    return se.getArtifactFactory();
  }

  @Override
  public void submitTask(JobTask task) {
    se.submitTask(task);
  }

  @Override
  public TransactionManager getTransactionManager() {
    return se.getTransactionManager();
  }

  @Override
  public JobXmlResolver getJobXmlResolver() {
    return se.getJobXmlResolver();
  }

  @Override
  public Properties getBatchConfigurationProperties() {
    return se.getBatchConfigurationProperties();
  }

  @Override
  public String getApplicationName() {
    return se.getApplicationName();
  }
}
