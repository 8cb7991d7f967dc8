package org.docbatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A docbatch node of a test's own, for what the shared node of {@link DocbatchExtension} cannot
 * show: another engine, a configuration file, low limits, a Redis that dies, several nodes on one
 * Redis. It owns a work folder under {@code target/it-work} (documents in {@code documents/},
 * output in {@code output/}), a redis-server of its own in {@code redis/} unless it is given one
 * (one redis-server, a Sentinel group or a Cluster), and the bootable JAR over them; closing it
 * stops the JAR, then its own Redis. A test names only the environment it is about.
 */
public final class OwnNode implements AutoCloseable {

  private final Path work;
  private final RedisDeployment redis;
  private final boolean ownsRedis;
  private final DocbatchServer server;
  private final ApiClient api;
  private final ApiClient management;

  private OwnNode(Path work, RedisDeployment redis, boolean ownsRedis, DocbatchServer server) {
    this.work = work;
    this.redis = redis;
    this.ownsRedis = ownsRedis;
    this.server = server;
    this.api = new ApiClient(server::api);
    this.management = new ApiClient(server::management);
  }

  /** A node in {@code target/it-work/<folder>} (or {@code docbatch.test-work}/folder). */
  public static Builder in(String folder) throws IOException {
    return at(testWork().resolve(folder));
  }

  /** A node in {@code work}, a folder the test chose (a {@code @TempDir}). */
  public static Builder at(Path work) throws IOException {
    return new Builder(work);
  }

  /** The folder every test's work goes under: {@code docbatch.test-work}, set by the build. */
  static Path testWork() {
    return Path.of(System.getProperty("docbatch.test-work", "target/it-work")).toAbsolutePath();
  }

  /**
   * What a node will be started with; {@link #start} can be called again for a second node, with
   * what {@link #with} changed in between. Nodes that share a Redis are given it by {@link #on}.
   */
  public static final class Builder {

    private final Path work;
    private final Path documents;
    private final Map<String, String> environment = new HashMap<>();
    private final java.util.Set<String> unset = new java.util.HashSet<>();
    private RedisDeployment redis;
    private boolean persistentRedis;
    private Path serverFolder;
    private List<String> jvm = List.of("-Xmx2g");

    private Builder(Path work) throws IOException {
      this.work = work;
      this.documents = Files.createDirectories(work.resolve("documents"));
      this.serverFolder = work;
    }

    /** The work folder, for files a test writes before the node starts. */
    public Path work() {
      return work;
    }

    /** The node's DOCUMENT_ROOT, already created. */
    public Path documents() {
      return documents;
    }

    /** One environment variable over the node's defaults. */
    public Builder with(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Leaves one of the node's default variables unset (REDIS_URL: a file names the Redis). */
    public Builder without(String name) {
      unset.add(name);
      return this;
    }

    /**
     * Runs on {@code shared} (a redis-server, a Sentinel group or a Cluster), which the test
     * started and stops, instead of a Redis of its own: so do the next nodes this builder starts.
     */
    public Builder on(RedisDeployment shared) {
      this.redis = shared;
      return this;
    }

    /** Its own Redis keeps an append-only file, so that it comes back after a crash with data. */
    public Builder persistentRedis() {
      this.persistentRedis = true;
      return this;
    }

    /**
     * Runs the JAR in {@code folder} under the work folder (its log and relative paths go there),
     * not in the work folder itself.
     */
    public Builder serverFolder(String folder) {
      this.serverFolder = work.resolve(folder);
      return this;
    }

    /** The JVM options of the node, instead of {@code -Xmx2g}. */
    public Builder jvm(String... options) {
      this.jvm = List.of(options);
      return this;
    }

    /** Starts the node and waits until it is ready. */
    public OwnNode start() throws IOException {
      return open(true);
    }

    /** Starts the node without waiting: for a node whose readiness a test awaits its own way. */
    public OwnNode launch() throws IOException {
      return open(false);
    }

    private OwnNode open(boolean awaitReady) throws IOException {
      boolean ownsRedis = redis == null;
      RedisDeployment used =
          ownsRedis ? RedisServer.start(work.resolve("redis"), persistentRedis) : redis;
      try {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", used.url());
        env.put("DOCUMENT_ROOT", documents.toString());
        env.put("OUTPUT_ROOT", work.resolve("output").toString());
        env.putAll(environment);
        env.keySet().removeAll(unset);
        DocbatchServer server =
            awaitReady
                ? DocbatchServer.start(serverFolder, env, jvm)
                : DocbatchServer.launch(serverFolder, env);
        return new OwnNode(work, used, ownsRedis, server);
      } catch (IOException | RuntimeException | Error e) {
        if (ownsRedis) {
          used.close();
        }
        throw e;
      }
    }
  }

  public Path work() {
    return work;
  }

  /** DOCUMENT_ROOT. */
  public Path documents() {
    return work.resolve("documents");
  }

  /** The redis-server it runs on; a node on a Sentinel group or a Cluster has none to give. */
  public RedisServer redis() {
    if (redis instanceof RedisServer server) {
      return server;
    }
    throw new IllegalStateException("this node runs on " + redis.url() + ", not one redis-server");
  }

  public DocbatchServer server() {
    return server;
  }

  /** A client of the API, as the test admin. */
  public ApiClient api() {
    return api;
  }

  /** A client of the management interface (health, metrics). */
  public ApiClient management() {
    return management;
  }

  @Override
  public void close() {
    server.close();
    if (ownsRedis) {
      redis.close();
    }
  }
}
