package org.docbatch.store;

import org.docbatch.testing.RedisTopology;

/** {@link JobStoreContract} on a 3-master Redis Cluster. */
@RedisTopology.On(RedisTopology.CLUSTER)
class JobStoreOnClusterIT extends JobStoreContract {}
