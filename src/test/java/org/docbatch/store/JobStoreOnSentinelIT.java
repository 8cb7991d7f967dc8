package org.docbatch.store;

import org.docbatch.testing.RedisTopology;

/** {@link JobStoreContract} on a Sentinel group's master, reached through its sentinels. */
@RedisTopology.On(RedisTopology.SENTINEL)
class JobStoreOnSentinelIT extends JobStoreContract {}
