package org.docbatch.worker.pool;

import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.event.Event;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.redis.Pipelines;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tells the job layer that a partition failed for good and why (the document gets that failed
 * outcome), then its coordinator that it is over. Like a document that fails, the partition ends
 * COMPLETED, with exit status {@code DEAD_LETTER}: the step goes on with the other documents.
 */
final class DeadLetterReport {

  private static final Logger LOG = Logger.getLogger(DeadLetterReport.class.getName());

  private final Event<DeadLetter> deadLetters;
  private final UnifiedJedis redis;
  private final CoordinatorInbox inbox;

  DeadLetterReport(Event<DeadLetter> deadLetters, UnifiedJedis redis, CoordinatorInbox inbox) {
    this.deadLetters = deadLetters;
    this.redis = redis;
    this.inbox = inbox;
  }

  void report(PartitionRef partition, String code, String error) {
    try {
      deadLetters.fire(new DeadLetter(partition, code, error));
    } finally {
      // Even if the outcome could not be recorded: a job that ends without it can be retried, a
      // step that waits for a done message that never comes cannot.
      try (AbstractPipeline pipeline = Pipelines.open(redis)) {
        inbox.send(
            pipeline,
            inbox.done(partition.coordinator(), partition, BatchStatus.COMPLETED, "DEAD_LETTER"));
        pipeline.sync();
      }
    }
    LOG.warning(
        () ->
            "DOCBATCH-0502 Partition "
                + partition.partitionId()
                + " of "
                + partition.jobName()
                + " execution "
                + partition.executionId()
                + " dead-lettered: "
                + error);
  }
}
