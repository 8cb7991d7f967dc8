package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.docbatch.s3.ObjectStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server of the test's own: S3Proxy (copied to {@code target/s3proxy} by the
 * build) on a free port, keeping its buckets as folders under the test's folder, checking AWS
 * signatures (v2 and v4) against one test identity. Nodes reach it through {@link #environment()}.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "docbatch-test-access";
  public static final String SECRET_KEY = "docbatch-test-secret-0123456789";

  private final Path dir;
  private final int port;
  private Process process;

  private S3ProxyServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts S3Proxy with its data in {@code dir}, emptied of an earlier run's buckets, and waits
   * until it takes connections.
   */
  public static S3ProxyServer start(Path dir) throws IOException {
    RedisServer.clear(dir);
    Files.createDirectories(dir.resolve("buckets"));
    S3ProxyServer server = new S3ProxyServer(dir, FreePorts.any());
    server.launch();
    return server;
  }

  private void launch() throws IOException {
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + dir.resolve("buckets").toAbsolutePath(),
            ""));
    String jar =
        System.getProperty(
            "docbatch.s3proxy-jar", "target/s3proxy/s3proxy-jar-with-dependencies.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                List.of(java, "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "S3Proxy exited; see " + dir.resolve("s3proxy.log"));
              }
              try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }

  /** The URL nodes and clients send their requests to. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** What a node needs to reach this server, as environment variables. */
  public Map<String, String> environment() {
    return Map.of(
        "S3_ENDPOINT",
        endpoint(),
        "S3_PATH_STYLE",
        "true",
        "AWS_REGION",
        "us-east-1",
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY);
  }

  /**
   * A client for the test's own requests (making buckets, putting documents, reading outputs),
   * built as a node builds its own.
   */
  public S3Client client() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    return ObjectStore.build(endpoint(), true, "us-east-1", false, 3);
  }

  /** Makes a bucket (S3's names: 3-63 lower-case characters). */
  public void createBucket(String name) {
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(name));
    }
  }

  /** Stops the server, as the store going away mid-job would; {@link #restart()} brings it back. */
  public void stop() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Starts the server again on the same port, with the same buckets. */
  public void restart() throws IOException {
    launch();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
