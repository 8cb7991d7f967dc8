package org.docbatch.repository;

import org.docbatch.testing.RedisTopology;

/**
 * {@link RedisJobRepositoryContract} on a Sentinel group's master, reached through its sentinels.
 */
@RedisTopology.On(RedisTopology.SENTINEL)
class RedisJobRepositoryOnSentinelIT extends RedisJobRepositoryContract {}
