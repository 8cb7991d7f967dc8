package org.docbatch.store;

import org.docbatch.testing.RedisTopology;

/** {@link JobStoreContract} on one redis-server. */
@RedisTopology.On(RedisTopology.SINGLE)
class JobStoreOnRedisIT extends JobStoreContract {}
