package org.docbatch.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisVersionTest {

  @Test
  void theVersionIsReadFromInfoAndComparedWithTheMinimum() {
    String info = "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n";
    assertEquals(Optional.of(new RedisVersion(7, 0, 15)), RedisVersion.fromInfo(info));
    assertTrue(RedisVersion.fromInfo(info).orElseThrow().supported());
    assertTrue(RedisVersion.fromInfo("redis_version:6.2.0\r\n").orElseThrow().supported());
    assertFalse(RedisVersion.fromInfo("redis_version:6.0.20\r\n").orElseThrow().supported());
    assertFalse(RedisVersion.fromInfo("redis_version:5.0.14\r\n").orElseThrow().supported());
    assertTrue(RedisVersion.fromInfo("redis_version:10.1\r\n").orElseThrow().supported());
    assertEquals(Optional.empty(), RedisVersion.fromInfo("# Server\r\n"));
  }
}
