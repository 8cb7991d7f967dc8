package org.docbatch.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.docbatch.node.NodeLimits;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * Makes the node's one Redis client (a connection pool) and the key names. Both are
 * {@code @Singleton}: plain instances shared by every bean, without a client proxy in front.
 */
@ApplicationScoped
public class RedisClientProducer {

  /** Connections besides the workers': pool takers, the inbox reader, coordinators, API calls. */
  private static final int OTHER_CONNECTIONS = 16;

  /**
   * {@code REDIS_URL}: where the shared Redis is: one server, a Sentinel group or a Redis Cluster
   * (see {@link RedisUrl}). {@code bin/run} starts a local one when unset.
   */
  @Inject
  @ConfigProperty(name = "redis.url", defaultValue = "redis://localhost:6379/0")
  String redisUrl;

  /**
   * {@code REDIS_KEY_PREFIX}: every key starts with it, so several deployments can share one Redis.
   */
  @Inject
  @ConfigProperty(name = "redis.key.prefix", defaultValue = "docbatch:")
  String keyPrefix;

  /**
   * {@code MAX_WORKERS}: every worker may hold a connection at once (it ends each document with a
   * pipeline of its own). With Jedis's default pool of 8, 50 workers queued for connections, and
   * handing connections over between threads cost more CPU than the commands.
   */
  @Inject NodeLimits node;

  /**
   * {@code REDIS_TIMEOUT_MS}: how long a connection waits to connect and for an answer (the spec's
   * connection advice for a distant or busy Redis).
   */
  @Inject
  @ConfigProperty(name = "redis.timeout.ms", defaultValue = "2000")
  int timeoutMs;

  @Produces
  @Singleton
  UnifiedJedis redis() {
    return RedisUrl.parse(redisUrl).connect(node.maxWorkers() + OTHER_CONNECTIONS, timeoutMs);
  }

  void close(@Disposes UnifiedJedis redis) {
    redis.close();
  }

  @Produces
  @Singleton
  RedisKeys keys() {
    return new RedisKeys(keyPrefix);
  }
}
