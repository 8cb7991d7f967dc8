package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;

/** A real redis-server of the test's own, on a free port, with its data in a folder of its own. */
public final class RedisServer implements RedisDeployment {

  private final Path dir;
  private final int port;
  private final boolean persistent;
  private final List<String> options;
  private Process process;

  private RedisServer(Path dir, int port, boolean persistent, List<String> options) {
    this.dir = dir;
    this.port = port;
    this.persistent = persistent;
    this.options = options;
  }

  /**
   * Starts redis-server (from PATH, or {@code REDIS_SERVER}), keeping nothing on disk, and waits
   * until it answers PING.
   */
  public static RedisServer start(Path dir) throws IOException {
    return start(dir, false);
  }

  /**
   * Starts redis-server; a persistent one writes an append-only file as docbatch's embedded Redis
   * does ({@code appendfsync everysec}), so that it comes back with its data after {@link #crash}.
   */
  public static RedisServer start(Path dir, boolean persistent) throws IOException {
    return start(dir, persistent, List.of());
  }

  /**
   * Starts redis-server with more command-line options ({@code --cluster-enabled yes}, {@code
   * --replicaof host port}, ...); {@code {dir}} in an option stands for its folder.
   */
  public static RedisServer start(Path dir, boolean persistent, List<String> options)
      throws IOException {
    Files.createDirectories(dir);
    RedisServer server = new RedisServer(dir, FreePorts.any(), persistent, options);
    server.launch();
    return server;
  }

  /**
   * Deletes what an earlier run left in {@code dir} (data, a cluster's node table): a group of
   * servers started there again must start empty.
   */
  static void clear(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Kills redis-server at once, as {@code kill -9} would. */
  public void crash() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Starts redis-server again on the same port and folder, after {@link #crash}. */
  public void restart() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                persistent ? "yes" : "no",
                "--appendfsync",
                "everysec"));
    options.forEach(
        option -> command.add(option.replace("{dir}", dir.toAbsolutePath().toString())));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    RedisServer server = this;
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (RedisClient client = server.client()) {
                return "PONG".equals(client.ping());
              }
            });
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  public RedisClient client() {
    return RedisClient.create(url());
  }

  @Override
  public void close() {
    process.destroy();
  }
}
