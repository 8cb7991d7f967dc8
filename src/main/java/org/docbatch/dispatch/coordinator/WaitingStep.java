package org.docbatch.dispatch.coordinator;

import jakarta.batch.runtime.BatchStatus;

/**
 * A partitioned step as its coordinator waits on it: which job's documents its partitions are, in
 * which queue, and which of them have ended ({@link RedisPartitionHandler}).
 */
interface WaitingStep {

  /** The docbatch job whose documents are the partitions, or null before any was submitted. */
  String jobId();

  /** The queue (worker type) of the partitions, or null before any was submitted. */
  String queueType();

  long stepExecutionId();

  boolean isDone(int partitionId);

  /** Ends a partition, once however often it is called. */
  void partitionDone(int partitionId, BatchStatus status, String exitStatus);
}
