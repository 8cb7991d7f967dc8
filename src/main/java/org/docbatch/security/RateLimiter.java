package org.docbatch.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Logger;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Each user's requests, counted cluster-wide in Redis over fixed windows of {@code
 * RATE_LIMIT_WINDOW_SECONDS}: at most {@code RATE_LIMIT_PER_MINUTE} a minute, that is {@link
 * #allowance} per window. One round trip per request (one script: {@code rate_limit.lua}).
 *
 * <p>A fixed window lets a user send up to twice the allowance across the boundary of two windows;
 * it is the price of one key and one round trip per request. When Redis cannot be reached the
 * requests go uncounted (DOCBATCH-1214) for a few seconds, rather than each waiting for Redis's
 * timeout: the endpoints that need Redis answer 503 themselves.
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
  private static final RedisScript SCRIPT = RedisScript.load("rate_limit");

  /** How long requests go uncounted after Redis failed to count one. */
  static final long OUTAGE_PAUSE_MILLIS = 5_000;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** {@code RATE_LIMIT_PER_MINUTE}: requests a user may send a minute; 0 turns the limit off. */
  @Inject
  @ConfigProperty(name = "rate.limit.per.minute", defaultValue = "600")
  int perMinute;

  /** {@code RATE_LIMIT_WINDOW_SECONDS}: the window requests are counted over. */
  @Inject
  @ConfigProperty(name = "rate.limit.window.seconds", defaultValue = "60")
  int windowSeconds;

  private volatile long uncountedUntil;

  /** Whether the limit is on. */
  public boolean enabled() {
    return perMinute > 0;
  }

  /** Requests a user may send in one window. */
  public long allowance() {
    return allowance(perMinute, windowSeconds);
  }

  static long allowance(int perMinute, int windowSeconds) {
    return Math.max(1, Math.round(perMinute * (double) windowSeconds / 60));
  }

  /**
   * Counts one request of {@code user}.
   *
   * @return empty when it is within the limit, else the seconds until the user's window closes
   */
  public OptionalLong admit(String user) {
    if (!enabled() || System.currentTimeMillis() < uncountedUntil) {
      return OptionalLong.empty();
    }
    List<?> counted;
    try {
      counted =
          (List<?>)
              SCRIPT.run(
                  redis,
                  List.of(keys.requestCount(user)),
                  List.of(Long.toString(windowSeconds * 1000L)));
    } catch (JedisException e) {
      uncountedUntil = System.currentTimeMillis() + OUTAGE_PAUSE_MILLIS;
      LOG.warning(
          () ->
              "DOCBATCH-1214 Cannot count requests in Redis ("
                  + e.getMessage()
                  + "); the rate limit is not applied for the next "
                  + OUTAGE_PAUSE_MILLIS / 1000
                  + " s");
      return OptionalLong.empty();
    }
    long count = (Long) counted.get(0);
    long leftMillis = (Long) counted.get(1);
    return count <= allowance() ? OptionalLong.empty() : OptionalLong.of(retryAfter(leftMillis));
  }

  /** Whole seconds a client should wait for a window that closes in {@code leftMillis}. */
  static long retryAfter(long leftMillis) {
    return Math.max(1, (leftMillis + 999) / 1000);
  }
}
