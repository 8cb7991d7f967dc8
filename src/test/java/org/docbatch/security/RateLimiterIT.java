package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.awaitility.Awaitility;
import org.docbatch.redis.RedisKeys;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The rate limiter's script against a real Redis: two nodes share each user's count, a window
 * closes and the user may send again, and what one request costs.
 */
@ExtendWith(TestRedis.class)
class RateLimiterIT {

  private RedisClient redis;

  @BeforeEach
  void setUp(RedisClient redis) {
    this.redis = redis;
    redis.flushAll();
  }

  private RateLimiter node(int perMinute, int windowSeconds) {
    RateLimiter limiter = new RateLimiter();
    limiter.redis = redis;
    limiter.keys = new RedisKeys("test:");
    limiter.perMinute = perMinute;
    limiter.windowSeconds = windowSeconds;
    return limiter;
  }

  @Test
  void twoNodesCountTheSameUserTogetherAndOtherUsersApart() {
    // given two nodes over one Redis, 5 requests per 60 s window
    RateLimiter first = node(5, 60);
    RateLimiter second = node(5, 60);
    // when alice sends 3 requests to one and 2 to the other
    for (int i = 0; i < 3; i++) {
      assertTrue(first.admit("alice").isEmpty());
    }
    for (int i = 0; i < 2; i++) {
      assertTrue(second.admit("alice").isEmpty());
    }
    // then her sixth is refused on either node, with the rest of the window as Retry-After
    OptionalLong refused = first.admit("alice");
    assertTrue(refused.isPresent());
    assertTrue(refused.getAsLong() >= 59 && refused.getAsLong() <= 60, "" + refused);
    assertTrue(second.admit("alice").isPresent());
    // and a user whose name would break a key's shape has a count of his own
    assertTrue(second.admit("bob}:{x*\n").isEmpty());
  }

  @Test
  void aClosedWindowLetsTheUserSendAgain() {
    RateLimiter limiter = node(60, 1);
    assertTrue(limiter.admit("carol").isEmpty());
    OptionalLong refused = limiter.admit("carol");
    assertEquals(OptionalLong.of(1), refused);

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> limiter.admit("carol").isEmpty());
  }

  @Test
  void eachRequestIsOneScriptCallAndNothingElse() {
    RateLimiter limiter = node(600, 60);
    limiter.admit("warm-up");
    redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");

    for (int i = 0; i < 25; i++) {
      limiter.admit("heidi");
    }

    // the script's own INCR and PTTL run inside Redis; the client sent one EVALSHA per request
    String stats =
        new String(
            (byte[]) redis.sendCommand(Protocol.Command.INFO, "commandstats"),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(stats.contains("cmdstat_evalsha:calls=25,"), stats);
    assertFalse(stats.contains("cmdstat_script"), stats);
    assertFalse(stats.contains("cmdstat_get:"), stats);
  }

  @Test
  void zeroTurnsTheLimitOffWithoutTouchingRedis() {
    RateLimiter off = node(0, 60);
    for (int i = 0; i < 10; i++) {
      assertTrue(off.admit("dave").isEmpty());
    }
    assertEquals(0, redis.dbSize());
  }

  @Test
  void withoutRedisRequestsGoUncountedAndRedisIsNotAskedAgainForAWhile() throws IOException {
    // given a limiter whose Redis does not answer (a port nothing listens on)
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (RedisClient gone = RedisClient.create("redis://127.0.0.1:" + port)) {
      RateLimiter limiter = node(1, 60);
      limiter.redis = gone;
      // when a user sends more than the allowance
      // then nothing is refused, and only the first request waited for Redis
      long start = System.nanoTime();
      assertTrue(limiter.admit("erin").isEmpty());
      long first = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        assertTrue(limiter.admit("erin").isEmpty());
      }
      long next = System.nanoTime() - start;
      assertTrue(next < first, "later requests skip Redis: " + next + " ns vs " + first + " ns");
    }
  }

  /**
   * What counting costs a request: one script call, one round trip. Written to
   * target/rate-limit-cost.txt; asserted only loosely (this machine is shared).
   */
  @Test
  void oneRequestCostsOneRoundTrip() throws IOException {
    RateLimiter limiter = node(1_000_000, 60);
    for (int i = 0; i < 2_000; i++) {
      limiter.admit("warm-up");
    }
    int calls = 10_000;
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      limiter.admit("user-" + (i % 100));
    }
    double micros = (System.nanoTime() - start) / 1_000.0 / calls;
    long pingStart = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      redis.ping();
    }
    double pingMicros = (System.nanoTime() - pingStart) / 1_000.0 / calls;
    String figures =
        String.format(
            "rate limit: %.1f us per request (%d calls, 100 users); PING: %.1f us per round trip%n",
            micros, calls, pingMicros);
    System.out.print(figures);
    Files.writeString(Path.of("target/rate-limit-cost.txt"), figures);
    assertTrue(micros < 20 * pingMicros + 1_000, figures);
  }
}
