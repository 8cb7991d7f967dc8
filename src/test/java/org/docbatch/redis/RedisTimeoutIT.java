package org.docbatch.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** {@code REDIS_TIMEOUT_MS} bounds the wait for an answer, and the URL's database still counts. */
class RedisTimeoutIT {

  /** A script that keeps Redis busy for about {@code ARGV[1]} milliseconds. */
  private static final String BUSY =
      "local t = redis.call('TIME') local start = t[1] * 1000 + t[2] / 1000"
          + " repeat t = redis.call('TIME') until t[1] * 1000 + t[2] / 1000 - start > tonumber(ARGV[1])"
          + " return 1";

  @Test
  void anAnswerSlowerThanTheTimeoutFailsAndAFasterOneDoesNot() throws Exception {
    try (RedisServer server = RedisServer.start(Path.of("target/it-work/redis-timeout"))) {
      RedisUrl url = RedisUrl.parse("redis://127.0.0.1:" + server.port() + "/3");
      try (UnifiedJedis patient = url.connect(2, 3000);
          UnifiedJedis hasty = url.connect(2, 200)) {
        patient.set("where", "db3");
        assertEquals(1L, patient.eval(BUSY, List.of(), List.of("500")));

        JedisConnectionException late =
            assertThrows(
                JedisConnectionException.class, () -> hasty.eval(BUSY, List.of(), List.of("800")));
        assertTrue(String.valueOf(late.getMessage()).contains("timed out"), late.getMessage());
        // The database the URL names, for both clients (once Redis is done with the script).
        await()
            .atMost(Duration.ofSeconds(5))
            .ignoreExceptions()
            .untilAsserted(() -> assertEquals("db3", hasty.get("where")));
      }
    }
  }
}
