package org.docbatch.testing;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;

/**
 * The three forms of Redis docbatch runs on ({@code REDIS_URL}'s three schemes), each as a test
 * starts one of its own on free loopback ports. A contract suite runs its assertions against each.
 */
public enum RedisTopology {

  /** One redis-server. */
  SINGLE,

  /** A master, its replica and three sentinels watching them. */
  SENTINEL,

  /** Three masters sharing the slots. */
  CLUSTER;

  /** Marks the test class whose {@code UnifiedJedis} parameter {@link TestRedis} gives on this. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface On {
    RedisTopology value();
  }

  /** Starts one in {@code dir} and waits until it serves. */
  public RedisDeployment start(Path dir) throws IOException, InterruptedException {
    return switch (this) {
      case SINGLE -> RedisServer.start(dir);
      case SENTINEL -> RedisSentinels.start(dir);
      case CLUSTER -> RedisCluster.start(dir, 3);
    };
  }
}
