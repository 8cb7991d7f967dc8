package org.docbatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real bootable JAR, started as a user would start it (environment variables, a port offset),
 * with its log in the work folder.
 */
public final class DocbatchServer implements AutoCloseable {

  private final Process process;
  private final int offset;
  private final Path log;
  private final Path temporary;

  private DocbatchServer(Process process, int offset, Path log, Path temporary) {
    this.process = process;
    this.offset = offset;
    this.log = log;
    this.temporary = temporary;
  }

  /**
   * Starts the JAR named by the {@code docbatch.bootable-jar} system property (set by failsafe) and
   * waits until it is ready.
   */
  public static DocbatchServer start(Path workDir, Map<String, String> environment)
      throws IOException {
    return start(workDir, environment, List.of("-Xmx2g"));
  }

  /**
   * Starts the JAR with these JVM options (production's: {@code -Xmx1g
   * -XX:+ExitOnOutOfMemoryError}).
   */
  public static DocbatchServer start(
      Path workDir, Map<String, String> environment, List<String> jvm) throws IOException {
    DocbatchServer server = launch(workDir, environment, jvm);
    try {
      server.awaitReady(Duration.ofMinutes(3));
    } catch (RuntimeException | Error e) {
      // A node that never got ready (a failed deployment keeps WildFly up) must not outlive its
      // test.
      server.kill();
      throw e;
    }
    return server;
  }

  /** Starts the JAR as {@link #start} does, without waiting: for a node expected not to start. */
  public static DocbatchServer launch(Path workDir, Map<String, String> environment)
      throws IOException {
    return launch(workDir, environment, List.of("-Xmx2g"));
  }

  private static DocbatchServer launch(
      Path workDir, Map<String, String> environment, List<String> jvm) throws IOException {
    String jar = System.getProperty("docbatch.bootable-jar", "target/docbatch-bootable.jar");
    Files.createDirectories(workDir);
    int offset = FreePorts.wildflyOffset();
    Path log = workDir.resolve("server-" + offset + ".log");
    // 2 GB unless told otherwise (jvm, or JAVA_OPTS in the environment, which replaces it as in
    // bin/run: a node started like production, "-Xmx1g -XX:+ExitOnOutOfMemoryError"): the NLP tests
    // leave CoreNLP's pipelines (NER, parser, sentiment: about 450 MB) loaded for the rest of the
    // run.
    // The node's own temporary folder: the bootable JAR unpacks WildFly (285 MB) there and removes
    // it only on a clean shutdown, so each node killed by a test left one in /tmp. It is removed
    // here however the node ends.
    Path temporary = Files.createDirectories(workDir.resolve("tmp-" + offset));
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    // The JVM options every node starts with, as bin/run and the image give them.
    command.add("@" + Path.of("wildfly-config", "jvm.options").toAbsolutePath());
    String javaOptions = environment.get("JAVA_OPTS");
    command.addAll(javaOptions == null ? jvm : List.of(javaOptions.trim().split("\\s+")));
    command.add("-Djava.io.tmpdir=" + temporary);
    command.addAll(List.of("-jar", jar, "-Djboss.socket.binding.port-offset=" + offset));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(environment);
    // Every test server knows the test users; ApiClient calls as their admin by default.
    env.putIfAbsent("API_KEYS", TestCredentials.API_KEYS);
    env.putIfAbsent("AUTH_JWT_SECRET", TestCredentials.JWT_SECRET);
    env.putIfAbsent("AUTH_JWT_ISSUER", TestCredentials.JWT_ISSUER);
    env.putIfAbsent("AUTH_JWT_AUDIENCE", TestCredentials.JWT_AUDIENCE);
    // Counted (the limiter runs on every request) but out of reach of tests that poll quickly;
    // RateLimitIT sets its own.
    env.putIfAbsent("RATE_LIMIT_PER_MINUTE", "1000000");
    // Tests send bad credentials by the dozen from one address; HostileRequestsIT sets its own.
    env.putIfAbsent("AUTH_FAILURES_PER_MINUTE", "1000000");
    builder.environment().putAll(env);
    Process process = builder.start();
    process.onExit().thenRun(() -> removeTree(temporary));
    return new DocbatchServer(process, offset, log, temporary);
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("docbatch exited; see " + log);
              }
              HttpResponse<String> ready =
                  http.send(
                      HttpRequest.newBuilder(management("/health/ready")).build(),
                      HttpResponse.BodyHandlers.ofString());
              return ready.statusCode() == 200;
            });
  }

  public URI api(String path) {
    return URI.create("http://127.0.0.1:" + (8080 + offset) + "/api" + path);
  }

  public URI management(String path) {
    return URI.create("http://127.0.0.1:" + (9990 + offset) + path);
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /** Whether the node's JVM is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the JVM exits by itself and returns its exit status. */
  public int awaitExit(Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> !process.isAlive());
    return process.exitValue();
  }

  /**
   * Sends SIGTERM, as an orchestrator stopping the node would, and waits for the process to end.
   *
   * @return the exit status, or empty when it still runs after {@code within}
   */
  public java.util.OptionalInt terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(process.exitValue());
  }

  /** Kills the JVM at once, as {@code kill -9} would. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The node's temporary folder, where its uploads and its unpacked WildFly live. */
  public Path temporaryFolder() {
    return temporary;
  }

  private static void removeTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: the work folder is under target/ and goes with the next clean build.
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
