package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Sentinel group of the test's own on loopback ports: a master, a replica of it, and
 * three sentinels (quorum two) that watch the master under the name {@value #MASTER} and promote
 * the replica a second after the master stops answering.
 */
public final class RedisSentinels implements RedisDeployment {

  public static final String MASTER = "docbatch";

  private final RedisServer master;
  private final RedisServer replica;
  private final List<Process> sentinels;
  private final List<Integer> sentinelPorts;

  private RedisSentinels(
      RedisServer master, RedisServer replica, List<Process> sentinels, List<Integer> ports) {
    this.master = master;
    this.replica = replica;
    this.sentinels = sentinels;
    this.sentinelPorts = ports;
  }

  public static RedisSentinels start(Path dir) throws IOException {
    RedisServer.clear(dir);
    RedisServer master = RedisServer.start(dir.resolve("master"), true);
    RedisServer replica =
        RedisServer.start(
            dir.resolve("replica"),
            true,
            List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    List<Process> processes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int port = FreePorts.any();
      Path home = Files.createDirectories(dir.resolve("sentinel-" + i));
      // A sentinel rewrites its configuration file as it learns: each needs a file of its own.
      Path config =
          Files.writeString(
              home.resolve("sentinel.conf"),
              String.join(
                  "\n",
                  "port " + port,
                  "bind 127.0.0.1",
                  "dir " + home,
                  "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2",
                  "sentinel down-after-milliseconds " + MASTER + " 1000",
                  "sentinel failover-timeout " + MASTER + " 10000",
                  "sentinel parallel-syncs " + MASTER + " 1",
                  ""));
      processes.add(
          new ProcessBuilder(
                  System.getenv().getOrDefault("REDIS_SERVER", "redis-server"),
                  config.toString(),
                  "--sentinel")
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("sentinel.log").toFile())
              .start());
      ports.add(port);
    }
    RedisSentinels group = new RedisSentinels(master, replica, processes, ports);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> group.replicaInSync() && group.sentinelsKnowEachOther());
    return group;
  }

  private boolean replicaInSync() {
    try (Jedis connection = new Jedis("127.0.0.1", replica.port())) {
      return connection.info("replication").contains("master_link_status:up");
    }
  }

  private boolean sentinelsKnowEachOther() {
    for (int port : sentinelPorts) {
      try (Jedis sentinel = new Jedis("127.0.0.1", port)) {
        if (sentinel.sentinelSentinels(MASTER).size() < sentinelPorts.size() - 1
            || sentinel.sentinelReplicas(MASTER).isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The port of the server the sentinels now call master. */
  public int masterPort() {
    try (Jedis sentinel = new Jedis("127.0.0.1", sentinelPorts.get(0))) {
      return Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER).get(1));
    }
  }

  /** {@code redis-sentinel://} with every sentinel, as docbatch's {@code REDIS_URL}. */
  @Override
  public String url() {
    return sentinelPorts.stream()
        .map(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(",", "redis-sentinel://", "/" + MASTER + "/0"));
  }

  public RedisServer master() {
    return master;
  }

  public RedisServer replica() {
    return replica;
  }

  @Override
  public void close() {
    sentinels.forEach(Process::destroy);
    replica.close();
    master.close();
  }
}
