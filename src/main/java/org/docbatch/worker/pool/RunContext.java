package org.docbatch.worker.pool;

import java.util.function.ToLongFunction;
import org.docbatch.dispatch.coordinator.CoordinatorInbox;
import org.docbatch.dispatch.queue.PartitionQueue;
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
    String nodeId) {}
