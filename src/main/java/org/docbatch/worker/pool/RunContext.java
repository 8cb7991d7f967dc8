package org.docbatch.worker.pool;

import jakarta.batch.runtime.BatchStatus;
import java.util.List;
import java.util.function.ToLongFunction;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.store.TaskRuns;

/**
 * What a {@link PartitionRun} uses of its node, and nothing else: the stand-in executions it runs
 * in, the outcomes it holds back, the coordinators' inboxes, the queue it fails back to, its
 * attempts and timeouts, the dead-letter report, the completion writer its end goes to, and where
 * it records its task's start (under this node's id).
 */
record RunContext(
    WorkerExecutions executions,
    DocumentOutcomes outcomes,
    CoordinatorInbox inbox,
    PartitionQueue queue,
    Attempts attempts,
    ToLongFunction<String> taskTimeoutSeconds,
    DeadLetterReport deadLetters,
    CompletionWriter completions,
    TaskRuns tasks,
    String nodeId) {

  /**
   * Records that {@code workerId} (a thread of this node, or a worker outside it) starts attempt
   * {@code attempt} of a task: written with the completion writer's next batch, and the job's first
   * start moves it to RUNNING.
   */
  void recordStart(
      String execution, String jobId, String field, String type, String workerId, int attempt) {
    completions.started(tasks.started(execution, jobId, field, type, nodeId, workerId, attempt));
  }

  /**
   * Hands a run's end to the completion writer: the outcomes it held back, then the lease release
   * and the done message for the partition's coordinator, written with other runs' ends.
   */
  void end(
      String type,
      PartitionQueue.Lease lease,
      PartitionRef partition,
      BatchStatus status,
      String exitStatus,
      List<DocumentOutcomes.Held> outcomes) {
    completions.add(
        new CompletionWriter.Completion(
            type,
            lease,
            inbox.done(partition.coordinator(), partition, status, exitStatus),
            outcomes));
  }
}
