package org.docbatch.redis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps the order of writes that another process reads in that order. One Redis applies a
 * pipeline's commands in the order they were sent. A Redis Cluster does not: the commands go to
 * their keys' masters over separate connections, so a later write can land before an earlier one.
 */
public final class PipelineOrder {

  private PipelineOrder() {}

  /**
   * Makes every command queued so far in {@code pipeline} take effect before any queued after. A
   * round trip on a Redis Cluster; nothing elsewhere.
   */
  public static void barrier(UnifiedJedis redis, AbstractPipeline pipeline) {
    if (redis instanceof RedisClusterClient) {
      pipeline.sync();
    }
  }
}
