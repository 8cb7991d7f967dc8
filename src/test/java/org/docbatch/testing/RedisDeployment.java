package org.docbatch.testing;

/**
 * A Redis a test started for docbatch to run on, in any of the forms {@code REDIS_URL} names: one
 * {@link RedisServer}, a {@link RedisSentinels} group or a {@link RedisCluster}.
 */
public interface RedisDeployment extends AutoCloseable {

  /** What a node is given as {@code REDIS_URL}. */
  String url();

  /** Stops every process of it. */
  @Override
  void close();
}
