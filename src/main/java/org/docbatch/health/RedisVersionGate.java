package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbatch.config.ConfigValidationExtension;
import org.docbatch.redis.RedisVersion;
import redis.clients.jedis.UnifiedJedis;

/**
 * Refuses a Redis older than docbatch runs on ({@link RedisVersion#MINIMUM}): at start, when it
 * answers then, the node logs DOCBATCH-0703 naming the version and exits with the configuration
 * error's status (78, which a service manager should not restart on); a Redis that only answers
 * later, or is swapped for an old one while the node runs, keeps the node not ready instead.
 */
@ApplicationScoped
public class RedisVersionGate {

  private static final Logger LOG = Logger.getLogger(RedisVersionGate.class.getName());

  @Inject UnifiedJedis redis;

  private volatile RedisVersion known;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    Optional<RedisVersion> version = read();
    if (version.isPresent() && !version.get().supported()) {
      LOG.severe(refusal(version.get()));
      System.exit(ConfigValidationExtension.EXIT_STATUS);
    }
  }

  /** The Redis version, once read; empty while Redis has not answered. */
  public Optional<RedisVersion> version() {
    return known != null ? Optional.of(known) : read();
  }

  /** Why this version is refused, in the words of DOCBATCH-0703. */
  public static String refusal(RedisVersion version) {
    return "DOCBATCH-0703 Redis "
        + version
        + " is older than "
        + RedisVersion.MINIMUM
        + ", the oldest Redis docbatch runs on: upgrade the Redis REDIS_URL names";
  }

  private Optional<RedisVersion> read() {
    try {
      Optional<RedisVersion> version = RedisVersion.fromInfo(redis.info("server"));
      version.ifPresent(v -> known = v);
      return version;
    } catch (RuntimeException e) {
      return Optional.empty(); // Redis away: the readiness check says so
    }
  }
}
