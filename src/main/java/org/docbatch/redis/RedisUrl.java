package org.docbatch.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * What {@code REDIS_URL} names: one Redis, a Sentinel group watching a master, or a Redis Cluster.
 * The form chooses Jedis's client for it; everything docbatch does works through any of the three.
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://...} (TLS): one Redis.
 *   <li>{@code redis-sentinel://[[user]:password@]host:port[,host:port...]/master[/db]}: the
 *       sentinels to ask and the name of the master they watch; the password is the master's.
 *   <li>{@code redis-cluster://[[user]:password@]host:port[,host:port...]}: some of the cluster's
 *       nodes (the client finds the rest); a cluster has only database 0.
 * </ul>
 *
 * @param kind which of the three
 * @param url the URL as given (for a single Redis, Jedis reads it itself)
 * @param nodes the sentinels or cluster nodes (empty for a single Redis)
 * @param master the master's name (Sentinel only)
 * @param database the database number (0 unless a single Redis or Sentinel URL says otherwise)
 * @param user the ACL user, or null
 * @param password the password, or null
 */
public record RedisUrl(
    Kind kind,
    String url,
    Set<HostAndPort> nodes,
    String master,
    int database,
    String user,
    String password) {

  /** Jedis's own connect and read timeout, {@code REDIS_TIMEOUT_MS}'s default. */
  public static final int DEFAULT_TIMEOUT_MS = 2000;

  /** The three ways to reach Redis. */
  public enum Kind {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  private static final int SENTINEL_PORT = 26379;
  private static final int REDIS_PORT = 6379;

  /**
   * Reads a {@code REDIS_URL}.
   *
   * @throws IllegalArgumentException with a reason an operator can act on
   */
  public static RedisUrl parse(String url) {
    String value = url.trim();
    int schemeEnd = value.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException(
          "scheme must be redis, rediss, redis-sentinel or redis-cluster://");
    }
    String scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "redis", "rediss" -> standalone(value);
      case "redis-sentinel" -> multiHost(Kind.SENTINEL, value, value.substring(schemeEnd + 3));
      case "redis-cluster" -> multiHost(Kind.CLUSTER, value, value.substring(schemeEnd + 3));
      default ->
          throw new IllegalArgumentException(
              "scheme must be redis, rediss, redis-sentinel or redis-cluster://");
    };
  }

  /**
   * A client for what the URL names: a connection pool, or a pool per node, of Jedis's default size
   * (8 connections).
   */
  public UnifiedJedis connect() {
    return connect(new ConnectionPoolConfig(), DEFAULT_TIMEOUT_MS);
  }

  /**
   * A client whose pool (per node, on a Redis Cluster) holds up to {@code connections} connections
   * and keeps them open between uses.
   */
  public UnifiedJedis connect(int connections) {
    return connect(connections, DEFAULT_TIMEOUT_MS);
  }

  /**
   * As {@link #connect(int)}, each connection waiting at most {@code timeoutMs} to connect and for
   * an answer ({@code REDIS_TIMEOUT_MS}); blocking commands wait as long as they ask.
   */
  public UnifiedJedis connect(int connections, int timeoutMs) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(connections);
    pool.setMaxIdle(connections);
    return connect(pool, timeoutMs);
  }

  private UnifiedJedis connect(ConnectionPoolConfig pool, int timeoutMs) {
    return switch (kind) {
      case STANDALONE -> {
        // The URL's user, password, database and TLS, as fromURI reads them, plus the timeout
        // (fromURI alone leaves Jedis's 2 s).
        URI uri = URI.create(url);
        yield RedisClient.builder()
            .fromURI(uri)
            .clientConfig(
                DefaultJedisClientConfig.builder()
                    .user(JedisURIHelper.getUser(uri))
                    .password(JedisURIHelper.getPassword(uri))
                    .database(JedisURIHelper.getDBIndex(uri))
                    .protocol(JedisURIHelper.getRedisProtocol(uri))
                    .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                    .timeoutMillis(timeoutMs)
                    .build())
            .poolConfig(pool)
            .build();
      }
      case SENTINEL ->
          RedisSentinelClient.builder()
              .masterName(master)
              .sentinels(nodes)
              .clientConfig(clientConfig(timeoutMs))
              .poolConfig(pool)
              .build();
      case CLUSTER ->
          RedisClusterClient.builder()
              .nodes(nodes)
              .clientConfig(clientConfig(timeoutMs))
              .poolConfig(pool)
              .build();
    };
  }

  private JedisClientConfig clientConfig(int timeoutMs) {
    return DefaultJedisClientConfig.builder()
        .user(user)
        .password(password)
        .database(database)
        .timeoutMillis(timeoutMs)
        .build();
  }

  private static RedisUrl standalone(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host");
    }
    checkPort(uri.getPort() == -1 ? REDIS_PORT : uri.getPort());
    return new RedisUrl(Kind.STANDALONE, value, Set.of(), null, 0, null, null);
  }

  /** {@code [credentials@]host:port,host:port[/path]}: java.net.URI takes one host only. */
  private static RedisUrl multiHost(Kind kind, String value, String rest) {
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String credentials = rest.substring(0, at);
      int colon = credentials.indexOf(':');
      user = colon < 0 ? decoded(credentials) : decoded(credentials.substring(0, colon));
      password = colon < 0 ? null : decoded(credentials.substring(colon + 1));
      user = user.isEmpty() ? null : user;
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (String host : hosts.split(",")) {
      nodes.add(node(host.trim(), kind == Kind.SENTINEL ? SENTINEL_PORT : REDIS_PORT));
    }
    String[] segments = path.isEmpty() ? new String[0] : path.split("/");
    if (kind == Kind.CLUSTER) {
      if (segments.length > 1 || (segments.length == 1 && !segments[0].equals("0"))) {
        throw new IllegalArgumentException("a Redis Cluster has only database 0");
      }
      return new RedisUrl(kind, value, Set.copyOf(nodes), null, 0, user, password);
    }
    if (segments.length == 0 || segments[0].isEmpty()) {
      throw new IllegalArgumentException(
          "no master name: redis-sentinel://host:port[,host:port...]/master[/db]");
    }
    if (segments.length > 2) {
      throw new IllegalArgumentException("too many path segments: /master[/db]");
    }
    int database = segments.length == 2 ? database(segments[1]) : 0;
    return new RedisUrl(kind, value, Set.copyOf(nodes), segments[0], database, user, password);
  }

  private static HostAndPort node(String host, int defaultPort) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    int colon = host.lastIndexOf(':');
    if (colon < 0) {
      return new HostAndPort(host, defaultPort);
    }
    String name = host.substring(0, colon);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    int port;
    try {
      port = Integer.parseInt(host.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + host.substring(colon + 1));
    }
    checkPort(port);
    return new HostAndPort(name, port);
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: allowed [1, 65535]");
    }
  }

  private static int database(String segment) {
    try {
      int database = Integer.parseInt(segment);
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a database number: " + segment);
  }

  private static String decoded(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  /** The URL with its credentials masked, for logs. */
  @Override
  public String toString() {
    int start = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    return at < start ? url : url.substring(0, start) + "****" + url.substring(at);
  }
}
