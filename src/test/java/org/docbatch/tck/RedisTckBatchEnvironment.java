package org.docbatch.tck;

import jakarta.transaction.TransactionManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import org.docbatch.repository.RedisJobRepository;
import org.docbatch.testing.RedisCluster;
import org.docbatch.testing.RedisServer;
import org.jberet.repository.JobRepository;
import org.jberet.se.BatchSEEnvironment;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

/**
 * JBeret SE's environment with {@link RedisJobRepository} in place of the repository it would
 * build, for running the Jakarta Batch TCK. JBeret SE takes the first {@code META-INF/services/
 * org.jberet.spi.BatchEnvironment} on the class path (this module's test resources come first), and
 * {@link BatchSEEnvironment} is final, so it is wrapped rather than extended.
 *
 * <p>The repository talks to a redis-server of the test run's own, started on a free port on first
 * use.
 */
public final class RedisTckBatchEnvironment implements BatchEnvironment {

  private final BatchEnvironment se = new BatchSEEnvironment();

  @Override
  public JobRepository getJobRepository() {
    return SharedRepository.INSTANCE;
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

  /** One Redis and one repository per test JVM, made on first use (holder idiom). */
  private static final class SharedRepository {
    static final RedisJobRepository INSTANCE = create();

    private static RedisJobRepository create() {
      Path dir = Path.of(System.getProperty("docbatch.test-work", "target/it-work"), "tck-redis");
      String url;
      long pid;
      try {
        // -Ddocbatch.tck-redis=cluster runs the suite on a 3-master Redis Cluster instead.
        if ("cluster".equals(System.getProperty("docbatch.tck-redis"))) {
          RedisCluster cluster = RedisCluster.start(dir, 3);
          Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
          url = cluster.url();
          pid = cluster.masters().get(0).pid();
        } else {
          RedisServer server = RedisServer.start(dir);
          Runtime.getRuntime().addShutdownHook(new Thread(server::close));
          url = server.url();
          pid = server.pid();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Properties properties = new Properties();
      properties.setProperty(RedisJobRepository.URL, url);
      properties.setProperty(RedisJobRepository.PREFIX, "tck:");
      RedisJobRepository repository = new RedisJobRepository(properties);
      System.out.println(
          "Jakarta Batch TCK job repository: "
              + repository.getClass().getName()
              + " on "
              + url
              + " (redis-server pid "
              + pid
              + ")");
      return repository;
    }
  }
}
