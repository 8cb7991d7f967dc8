package org.docbatch.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisUrlTest {

  @Test
  void aPlainUrlIsOneRedisThatJedisReadsItself() {
    RedisUrl url = RedisUrl.parse("rediss://app:secret@redis.example:6380/2");

    assertEquals(RedisUrl.Kind.STANDALONE, url.kind());
    assertEquals("rediss://app:secret@redis.example:6380/2", url.url());
    assertEquals("rediss://****@redis.example:6380/2", url.toString());
  }

  @Test
  void aSentinelUrlNamesTheSentinelsTheMasterAndTheDatabase() {
    RedisUrl url = RedisUrl.parse("redis-sentinel://:p%40ss@10.0.0.1:26380,10.0.0.2/jobs/3");

    assertEquals(RedisUrl.Kind.SENTINEL, url.kind());
    assertEquals(
        Set.of(new HostAndPort("10.0.0.1", 26380), new HostAndPort("10.0.0.2", 26379)),
        url.nodes());
    assertEquals("jobs", url.master());
    assertEquals(3, url.database());
    assertNull(url.user());
    assertEquals("p@ss", url.password());
  }

  @Test
  void aClusterUrlNamesSomeNodesAndOnlyDatabaseZero() {
    RedisUrl url = RedisUrl.parse("redis-cluster://ops:pw@a:7000,b:7001");

    assertEquals(RedisUrl.Kind.CLUSTER, url.kind());
    assertEquals(Set.of(new HostAndPort("a", 7000), new HostAndPort("b", 7001)), url.nodes());
    assertEquals("ops", url.user());
    assertEquals("pw", url.password());
    assertEquals(0, RedisUrl.parse("redis-cluster://a:7000/0").database());
  }

  @Test
  void badUrlsSayWhatIsWrong() {
    assertEquals(
        "scheme must be redis, rediss, redis-sentinel or redis-cluster://", problem("a:6379"));
    assertEquals(
        "scheme must be redis, rediss, redis-sentinel or redis-cluster://",
        problem("http://a:6379"));
    assertEquals("port out of range: allowed [1, 65535]", problem("redis://a:70000/0"));
    assertEquals(
        "no master name: redis-sentinel://host:port[,host:port...]/master[/db]",
        problem("redis-sentinel://a:26379,b:26379"));
    assertEquals("not a database number: x", problem("redis-sentinel://a/jobs/x"));
    assertEquals("a Redis Cluster has only database 0", problem("redis-cluster://a:7000/1"));
    assertEquals("not a port: x", problem("redis-cluster://a:x"));
    assertEquals("no host", problem("redis-cluster://a:7000,,b:7001"));
  }

  private static String problem(String url) {
    return assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(url)).getMessage();
  }
}
