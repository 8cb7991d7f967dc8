package org.docbatch.dispatch.queue;

import org.docbatch.testing.RedisTopology;

/** {@link PartitionQueueContract} on one redis-server. */
@RedisTopology.On(RedisTopology.SINGLE)
class PartitionQueueOnRedisIT extends PartitionQueueContract {}
