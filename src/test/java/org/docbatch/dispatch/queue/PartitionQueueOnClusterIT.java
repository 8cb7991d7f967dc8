package org.docbatch.dispatch.queue;

import org.docbatch.testing.RedisTopology;

/** {@link PartitionQueueContract} on a 3-master Redis Cluster. */
@RedisTopology.On(RedisTopology.CLUSTER)
class PartitionQueueOnClusterIT extends PartitionQueueContract {}
