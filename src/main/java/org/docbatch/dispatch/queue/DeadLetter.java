package org.docbatch.dispatch.queue;

/**
 * A CDI event: a partition used up its attempts and went to the dead-letter queue. The job layer
 * records it as the document's outcome, so that the job can finish.
 *
 * @param partition the partition, with its batchlet properties
 * @param code the document's error code: {@link #WORKER_KILLED} when its node died (or the run
 *     hung) on every attempt, {@link #DEAD_LETTERED} when its runs failed
 * @param error its last error
 */
public record DeadLetter(PartitionRef partition, String code, String error) {

  /** Runs failed with an unexpected error on every attempt. */
  public static final String DEAD_LETTERED = "dead_lettered";

  /** No run ended: the node died (or the run hung) on every attempt. */
  public static final String WORKER_KILLED = "worker_killed";
}
