package org.docbatch.dispatch.queue;

import org.docbatch.testing.RedisTopology;

/** {@link PartitionQueueContract} on a Sentinel group's master, reached through its sentinels. */
@RedisTopology.On(RedisTopology.SENTINEL)
class PartitionQueueOnSentinelIT extends PartitionQueueContract {}
