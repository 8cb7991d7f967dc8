package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** A real redis-server of the test's own, on a free port, with its data in a folder of its own. */
public final class RedisServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts redis-server (from PATH, or {@code REDIS_SERVER}) and waits until it answers PING. */
  public static RedisServer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = FreePorts.any();
    String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
    Process process =
        new ProcessBuilder(
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
                "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    RedisServer server = new RedisServer(process, port);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (RedisClient client = server.client()) {
                return "PONG".equals(client.ping());
              }
            });
    return server;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

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
