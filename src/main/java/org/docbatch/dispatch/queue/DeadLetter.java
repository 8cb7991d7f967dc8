package org.docbatch.dispatch.queue;

/**
 * A CDI event: a partition used up its attempts and went to the dead-letter queue. The job layer
 * records it as the document's outcome, so that the job can finish.
 *
 * @param partition the partition, with its batchlet properties
 * @param error its last error
 */
public record DeadLetter(PartitionRef partition, String error) {}
