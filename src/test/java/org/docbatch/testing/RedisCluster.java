package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of the test's own: {@code masters} redis-servers on free loopback ports (and
 * free cluster-bus ports), their slots spread by {@code redis-cli --cluster create}, no replicas.
 */
public final class RedisCluster implements RedisDeployment {

  private final List<RedisServer> masters;

  private RedisCluster(List<RedisServer> masters) {
    this.masters = masters;
  }

  public static RedisCluster start(Path dir, int masters) throws IOException, InterruptedException {
    RedisServer.clear(dir);
    List<RedisServer> servers = new ArrayList<>();
    for (int i = 0; i < masters; i++) {
      servers.add(
          RedisServer.start(
              dir.resolve("master-" + i),
              false,
              List.of(
                  "--cluster-enabled",
                  "yes",
                  "--cluster-config-file",
                  "{dir}/nodes.conf",
                  "--cluster-port",
                  Integer.toString(FreePorts.any()),
                  "--cluster-node-timeout",
                  "2000")));
    }
    RedisCluster cluster = new RedisCluster(servers);
    List<String> command = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
    servers.forEach(server -> command.add("127.0.0.1:" + server.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process create =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cluster-create.log").toFile())
            .start();
    if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
      cluster.close();
      throw new IllegalStateException(
          "redis-cli --cluster create failed: see " + dir.resolve("cluster-create.log"));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> servers.stream().allMatch(RedisCluster::stateOk));
    return cluster;
  }

  private static boolean stateOk(RedisServer server) {
    try (Jedis connection = new Jedis("127.0.0.1", server.port())) {
      return connection.clusterInfo().contains("cluster_state:ok");
    }
  }

  private static String redisCli() {
    return System.getenv().getOrDefault("REDIS_CLI", "redis-cli");
  }

  /** {@code redis-cluster://} with every master, as docbatch's {@code REDIS_URL}. */
  @Override
  public String url() {
    return masters.stream()
        .map(server -> "127.0.0.1:" + server.port())
        .collect(Collectors.joining(",", "redis-cluster://", ""));
  }

  public List<RedisServer> masters() {
    return masters;
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }
}
