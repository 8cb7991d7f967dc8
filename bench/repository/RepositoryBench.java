import jakarta.batch.runtime.BatchStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.docbatch.repository.RedisJobRepository;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.repository.InMemoryRepository;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.JobExecutionImpl;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Benchmark (not a test) of {@link RedisJobRepository} beside JBeret's in-memory and JDBC (H2)
 * repositories: the same partitioned no-op job, run on each in turn, warm-up rounds first. Prints a
 * table and writes one JSON line to {@code -Dout}. Run by {@code bench/repository-bench.sh}.
 *
 * <p>Settings (system properties): {@code partitions}, {@code threads}, {@code warmups}, {@code
 * runs}, {@code redis.url}, {@code h2.url}, {@code out}.
 */
public final class RepositoryBench {

  private static final String JOB = "repository-bench";
  private static final String REDIS_PREFIX = "bench:";

  /** One repository under test, its operator, and its measured runs. */
  private record Subject(
      String name,
      RepositoryCalls calls,
      JobOperatorImpl operator,
      List<Double> seconds,
      List<Map<String, RepositoryCalls.Figures>> figures) {

    static Subject of(String name, JobRepository repository) {
      RepositoryCalls calls = RepositoryCalls.of(repository);
      return new Subject(
          name,
          calls,
          new JobOperatorImpl(new BenchEnvironment(calls.proxy())),
          new ArrayList<>(),
          new ArrayList<>());
    }
  }

  /** What Redis showed for one measured run. */
  record RedisRun(
      Map<String, Long> roundTrips,
      Map<String, Long> commandStats,
      long usedMemoryDelta,
      double cpuSeconds,
      Map<String, long[]> keyBytes) {}

  public static void main(String[] args) throws Exception {
    int partitions = Integer.getInteger("partitions", 10_000);
    int threads = Integer.getInteger("threads", 8);
    int warmups = Integer.getInteger("warmups", 1);
    int runs = Integer.getInteger("runs", 5);
    String redisUrl = System.getProperty("redis.url");
    String h2Url = System.getProperty("h2.url", "jdbc:h2:mem:jberet-bench;DB_CLOSE_DELAY=-1");

    // The repository's own client, built like RedisClient.create(url) (default pool of 8
    // connections) but with a counting executor in front.
    java.net.URI uri = java.net.URI.create(redisUrl);
    PooledConnectionProvider connections =
        new PooledConnectionProvider(
            new HostAndPort(uri.getHost(), uri.getPort()),
            DefaultJedisClientConfig.builder().build());
    CommandCounter commands = new CommandCounter(new DefaultCommandExecutor(connections));
    UnifiedJedis jedis =
        RedisClient.builder().connectionProvider(connections).commandExecutor(commands).build();
    Properties h2 = new Properties();
    h2.setProperty(JdbcRepository.DB_URL_KEY, h2Url);

    List<Subject> subjects =
        List.of(
            Subject.of("in-memory", new InMemoryRepository()),
            Subject.of("jdbc-h2", JdbcRepository.create(h2)),
            Subject.of("redis", new RedisJobRepository(jedis, REDIS_PREFIX)));
    Subject redis = subjects.get(2);
    List<RedisRun> redisRuns = new ArrayList<>();
    String samplePartitionKey = null;

    try (RedisProbe probe = new RedisProbe(redisUrl)) {
      for (int round = 0; round < warmups + runs; round++) {
        boolean measured = round >= warmups;
        // Each round starts with another repository, so none always runs right after the same one.
        List<Subject> order = new ArrayList<>(subjects);
        Collections.rotate(order, round);
        for (Subject subject : order) {
          System.gc();
          Set<String> keysBefore = subject == redis ? probe.keys(REDIS_PREFIX) : Set.of();
          long memoryBefore = subject == redis ? probe.usedMemory() : 0;
          double cpuBefore = probe.cpuSeconds();
          probe.resetStats();
          commands.drain();
          subject.calls().drain();

          double seconds = runJob(subject.operator(), partitions, threads);

          Map<String, RepositoryCalls.Figures> figures = subject.calls().drain();
          long added =
              figures
                  .getOrDefault("addPartitionExecution", new RepositoryCalls.Figures(0, 0))
                  .calls();
          if (added != partitions) {
            throw new IllegalStateException(
                subject.name() + ": " + added + " partitions, not " + partitions);
          }
          System.err.printf(
              "round %d %-9s %6.2f s%s%n",
              round, subject.name(), seconds, measured ? "" : " (warm-up)");
          if (!measured) {
            continue;
          }
          subject.seconds().add(seconds);
          subject.figures().add(figures);
          if (subject == redis) {
            double cpu = probe.cpuSeconds() - cpuBefore;
            Map<String, Long> stats = probe.commandStats();
            long memoryDelta = probe.usedMemory() - memoryBefore;
            Set<String> created = new HashSet<>(probe.keys(REDIS_PREFIX));
            created.removeAll(keysBefore);
            redisRuns.add(
                new RedisRun(
                    commands.drain(), stats, memoryDelta, cpu, probe.memoryByKind(created)));
            samplePartitionKey =
                created.stream().filter(k -> k.contains(":partition:")).findAny().orElse(null);
          }
        }
      }
      Report report = new Report(partitions, threads, warmups, runs);
      for (Subject subject : subjects) {
        report.repository(subject.name(), subject.seconds(), subject.figures());
      }
      report.redis(
          redisRuns, samplePartitionKey == null ? Map.of() : probe.fieldSizes(samplePartitionKey));
      report.print(System.out);
      Files.writeString(Path.of(System.getProperty("out")), report.json() + "\n");
    } finally {
      jedis.close();
    }
  }

  /** Starts the job and waits for its end; returns the wall time in seconds. */
  private static double runJob(JobOperatorImpl operator, int partitions, int threads)
      throws InterruptedException {
    Properties parameters = new Properties();
    parameters.setProperty("partitions", Integer.toString(partitions));
    parameters.setProperty("threads", Integer.toString(threads));
    long start = System.nanoTime();
    long id = operator.start(JOB, parameters);
    // All three repositories answer with the live execution, whose latch opens when it ends.
    JobExecutionImpl execution = (JobExecutionImpl) operator.getJobExecution(id);
    execution.awaitTermination(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (execution.getBatchStatus() != BatchStatus.COMPLETED) {
      throw new IllegalStateException("job ended " + execution.getBatchStatus());
    }
    return seconds;
  }
}
