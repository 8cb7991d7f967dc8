package org.docbatch.worker.pool;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.PartitionQueue;

/**
 * Keeps this node's leases and returns everyone's lost ones: renews the leases of the partitions
 * running here (a hung run's lease is not renewed past its timeout and grace), and returns
 * partitions whose lease ran out anywhere (a dead worker) to their queue, or to the dead letters
 * when their attempts are used up.
 */
final class LeaseKeeper {

  private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

  private final List<WorkerPool> pools;
  private final PartitionQueue queue;
  private final Attempts attempts;
  private final DeadLetterReport deadLetters;
  private final LongSupplier leaseMillis;

  /** Types no node has a pool for: their leases are held by workers outside the server. */
  private final List<String> externalTypes;

  LeaseKeeper(
      List<WorkerPool> pools,
      List<String> externalTypes,
      PartitionQueue queue,
      Attempts attempts,
      DeadLetterReport deadLetters,
      LongSupplier leaseMillis) {
    this.pools = pools;
    this.externalTypes = externalTypes;
    this.queue = queue;
    this.attempts = attempts;
    this.deadLetters = deadLetters;
    this.leaseMillis = leaseMillis;
  }

  void renew() {
    long now = System.currentTimeMillis();
    long lease = leaseMillis.getAsLong();
    long grace = Math.max(5_000, lease / 3);
    for (WorkerPool pool : pools) {
      List<PartitionQueue.Lease> renew = pool.supervise(now, grace);
      if (!renew.isEmpty()) {
        try {
          queue.renew(pool.type(), renew, lease);
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "renewing leases failed", e);
        }
      }
    }
  }

  void reapExpired() {
    pools.forEach(pool -> reapExpired(pool.type()));
    externalTypes.forEach(this::reapExpired);
  }

  private void reapExpired(String type) {
    try {
      for (String member : queue.reapExpired(type, attempts.of(type))) {
        try {
          deadLetters.report(
              queue.partition(type, member),
              DeadLetter.WORKER_KILLED,
              PartitionQueue.KILLED_ON_EVERY_ATTEMPT);
        } catch (RuntimeException e) {
          // One partition's report failed: the others are still told.
          LOG.log(Level.WARNING, e, () -> "DOCBATCH-0503 Reporting a dead letter failed");
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "returning expired partitions failed", e);
    }
  }
}
