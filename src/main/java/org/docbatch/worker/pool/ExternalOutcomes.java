package org.docbatch.worker.pool;

import jakarta.batch.runtime.BatchStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.meters.JobMetrics;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.worker.pool.TaskRefusedException.Refusal;

/**
 * The end of an external task's run, the way a node's run ends: its document's outcome, then the
 * lease release and the done message for the coordinator, through the node's {@link
 * CompletionWriter} (written with other runs' ends; the outcome once, ahead of the done message).
 */
final class ExternalOutcomes {

  private static final Logger LOG = Logger.getLogger(ExternalOutcomes.class.getName());

  /** How long a completion waits for its outcome to be written. */
  private static final long WRITE_WAIT_SECONDS = 10;

  private final PartitionsOnNode node;
  private final String nodeId;
  private final JobMetrics metrics;
  private final long maxResultBytes;

  ExternalOutcomes(PartitionsOnNode node, String nodeId, JobMetrics metrics, long maxResultBytes) {
    this.node = node;
    this.nodeId = nodeId;
    this.metrics = metrics;
    this.maxResultBytes = maxResultBytes;
  }

  /**
   * A retryable failure: the partition runs again after a backoff, or is dead-lettered once its
   * attempts are used up, as a crash of a node's run.
   *
   * @return true when it was dead-lettered
   */
  boolean retry(ExternalLease lease, String code, String message) {
    RunContext context = node.runContext();
    String error = code + ": " + message;
    boolean dead =
        context
            .queue()
            .fail(lease.type(), lease.lease(), context.attempts().of(lease.type()), error);
    if (dead) {
      context.deadLetters().report(lease.partition(), DeadLetter.DEAD_LETTERED, error);
    }
    LOG.info(
        () ->
            "DOCBATCH-1822 Worker "
                + lease.workerId()
                + " failed task "
                + lease.taskId()
                + " (retryable, "
                + code
                + "): "
                + (dead ? "dead-lettered, its attempts used up" : "queued again after a backoff"));
    return dead;
  }

  /** A result larger than {@code MAX_RESULT_KB} is refused before anything is written. */
  void checkSize(JsonObject result) {
    long bytes = result.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxResultBytes) {
      throw new TaskRefusedException(
          Refusal.RESULT_TOO_LARGE,
          "the result holds "
              + bytes
              + " bytes of JSON; at most "
              + maxResultBytes
              + " (MAX_RESULT_KB) are accepted");
    }
  }

  /**
   * Records the task's outcome ({@code status} and {@code result} or {@code error} already in
   * {@code outcome}) and ends its lease, waiting until the outcome is written.
   *
   * @throws TaskRefusedException {@code ALREADY_RECORDED} when another run recorded one first,
   *     {@code NOT_WRITTEN} when Redis did not take it in time
   */
  void record(ExternalLease lease, boolean succeeded, JsonObjectBuilder outcome) {
    PartitionRef partition = lease.partition();
    int index = lease.index();
    String jobId = partition.properties().get("jobId");
    long millis = System.currentTimeMillis() - lease.leasedAt();
    String json =
        outcome
            .add("index", index)
            .add("document", partition.properties().getOrDefault("document", ""))
            .add("worker_type", lease.type())
            .add("node", nodeId)
            .add("worker", lease.workerId())
            .add("duration_ms", millis)
            .add("finished_at", Instant.now().toString())
            .build()
            .toString();
    CompletableFuture<Boolean> recorded = new CompletableFuture<>();
    end(
        lease.type(),
        lease.lease(),
        partition,
        succeeded ? "COMPLETED" : "FAILED",
        List.of(new DocumentOutcomes.Held(jobId, index, succeeded, json, recorded::complete)));
    boolean written;
    try {
      written = recorded.get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new TaskRefusedException(
          Refusal.NOT_WRITTEN,
          "the result of task "
              + lease.taskId()
              + " could not be written yet; report it again while the lease holds");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskRefusedException(Refusal.NOT_WRITTEN, "interrupted");
    }
    if (!written) {
      throw new TaskRefusedException(
          Refusal.ALREADY_RECORDED,
          "task " + lease.taskId() + " already has a result; this one was not recorded");
    }
    metrics.documentProcessed(lease.type(), succeeded, millis);
  }

  /** Ends a partition no worker runs (skipped), as a node's worker that skips it does. */
  void end(String type, PartitionQueue.Lease lease, PartitionRef partition, String exitStatus) {
    end(type, lease, partition, exitStatus, List.of());
  }

  private void end(
      String type,
      PartitionQueue.Lease lease,
      PartitionRef partition,
      String exitStatus,
      List<DocumentOutcomes.Held> outcomes) {
    node.runContext().end(type, lease, partition, BatchStatus.COMPLETED, exitStatus, outcomes);
  }
}
