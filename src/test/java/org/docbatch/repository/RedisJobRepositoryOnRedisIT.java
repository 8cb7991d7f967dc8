package org.docbatch.repository;

import org.docbatch.testing.RedisTopology;

/** {@link RedisJobRepositoryContract} on one redis-server. */
@RedisTopology.On(RedisTopology.SINGLE)
class RedisJobRepositoryOnRedisIT extends RedisJobRepositoryContract {}
