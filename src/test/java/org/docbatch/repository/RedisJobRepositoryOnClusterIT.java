package org.docbatch.repository;

import org.docbatch.testing.RedisTopology;

/** {@link RedisJobRepositoryContract} on a 3-master Redis Cluster. */
@RedisTopology.On(RedisTopology.CLUSTER)
class RedisJobRepositoryOnClusterIT extends RedisJobRepositoryContract {}
