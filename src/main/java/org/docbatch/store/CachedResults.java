package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The result cache in Redis: a document's result kept under the digest of everything that decided
 * it, for {@code CACHE_TTL} seconds, at most {@code CACHE_MAX_ENTRIES} of them (the oldest go
 * first). What goes into the digest is the runner's business ({@code worker/ResultCache}).
 */
@ApplicationScoped
public class CachedResults {

  private static final RedisScript PUT = RedisScript.load("cache_put");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** {@code CACHE_TTL}: seconds a result is kept for reuse. */
  @Inject
  @ConfigProperty(name = "cache.ttl", defaultValue = "604800")
  long ttlSeconds;

  /** {@code CACHE_MAX_ENTRIES}: results kept at most; the oldest are evicted beyond it. */
  @Inject
  @ConfigProperty(name = "cache.max.entries", defaultValue = "10000")
  long maxEntries;

  /** The entry kept under {@code digest}, as JSON text. */
  public Optional<String> find(String digest) {
    return Optional.ofNullable(redis.get(keys.cachedResult(digest)));
  }

  /**
   * Keeps {@code entry} under {@code digest}.
   *
   * @return how many older entries were evicted to make room
   */
  public long put(String digest, String entry) {
    Object evicted =
        PUT.run(
            redis,
            List.of(keys.cachedResult(digest), keys.cacheIndex()),
            List.of(
                entry,
                Long.toString(System.currentTimeMillis()),
                Long.toString(ttlSeconds),
                Long.toString(maxEntries)));
    return (Long) evicted;
  }
}
