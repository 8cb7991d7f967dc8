package org.docbatch.worker.pool;

import jakarta.batch.runtime.BatchStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.repository.RedisJobRepository;
import org.docbatch.store.DocumentOutcomes;
import org.jberet.job.model.JobFactory;
import org.jberet.job.model.Step;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.context.AbstractContext;
import org.jberet.runtime.context.JobContextImpl;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.runner.BatchletRunner;
import org.jberet.spi.PartitionWorker;

/**
 * One run of one partition on a worker thread: JBeret's own {@link BatchletRunner} over a step
 * rebuilt from the job XML and the partition's resolved properties. When it ends, its document's
 * outcome, the lease release and the word to the coordinator (which writes the partition's row) go
 * to the node's {@link CompletionWriter}; a failed run is retried after a backoff or dead-lettered.
 */
final class PartitionRun implements PartitionWorker {

  /** The batchlet that puts a paged document's pages together (batch/PageAssemblyBatchlet). */
  private static final String ASSEMBLY = "pageAssemblyBatchlet";

  private final RunContext context;
  private final String type;
  private final String workerId;
  private final RunningPartition running;
  private final PartitionQueue.Lease lease;
  private final PartitionRef partition;

  /**
   * The Redis repository of the partition's job, which leaves its partition rows to the
   * coordinator.
   */
  private RedisJobRepository repository;

  PartitionRun(RunContext context, String type, String workerId, RunningPartition running) {
    this.context = context;
    this.type = type;
    this.workerId = workerId;
    this.running = running;
    this.lease = running.lease();
    this.partition = context.queue().partition(type, lease.member());
  }

  void run() {
    JobContextImpl jobContext = context.executions().contextFor(partition);
    if (jobContext == null) {
      // Its execution is over: a leftover of a coordinator that died, or of a removed job. Its
      // coordinator, if any still waits, hears that it stopped.
      end(BatchStatus.STOPPED, null, List.of());
      return;
    }
    Step step = JobFactory.cloneStep(findStep(jobContext));
    recordStart(step);
    step.getBatchlet().getProperties().setNameValues(new LinkedHashMap<>(partition.properties()));
    PartitionExecutionImpl execution =
        new PartitionExecutionImpl(
            partition.partitionId(),
            partition.stepExecutionId(),
            partition.stepName(),
            BatchStatus.STARTED,
            null,
            null,
            null,
            null);
    StepContextImpl stepContext =
        new StepContextImpl(step, execution, new AbstractContext[] {jobContext});
    BatchletRunner runner = new BatchletRunner(stepContext, null, step.getBatchlet(), this);
    repository = jobContext.getJobRepository() instanceof RedisJobRepository redis ? redis : null;
    if (repository != null) {
      repository.leavePartitionWritesToCoordinator(); // it writes the row when it hears of the end
    }
    context.outcomes().holdOnThisThread(); // sent with the lease release (partitionDone)
    try {
      runner.run();
    } finally {
      context.outcomes().releaseHeld(); // a run that failed or was handed back
      // The stand-in execution is shared by the partitions of its execution on this node; JBeret
      // unregisters a runner only when its batchlet returns normally.
      jobContext.getJobExecution().unregisterJobStopNotifier(runner);
      if (repository != null) {
        repository.writePartitionsOnThisThread();
      }
    }
  }

  @Override
  public void reportData(Serializable data, AbstractStepExecution execution) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context
        .inbox()
        .sendData(partition.coordinator(), partition.stepExecutionId(), bytes.toByteArray());
  }

  @Override
  public void partitionDone(AbstractStepExecution execution) {
    if (running.returned()) {
      return; // the node is shutting down and handed it back to its queue: it runs again
    }
    BatchStatus status = execution.getBatchStatus();
    if (status == BatchStatus.FAILED || running.timedOut()) {
      // What the run held back goes first: a dead letter's outcome and done message follow it.
      context.outcomes().releaseHeld();
      Exception cause = execution.getException();
      if (!running.timedOut() && storeOutage(cause)) {
        // Not a failed run (its worker is sound): the partition waits, no attempt counted.
        context.queue().postpone(type, lease);
        return; // runs again once the store may be back; the coordinator keeps waiting for it
      }
      running.markFailed();
      String error =
          running.timedOut()
              ? "the document ran longer than its task timeout ("
                  + context.taskTimeoutSeconds().applyAsLong(type)
                  + " s) and was stopped"
              : cause == null ? "the partition failed" : String.valueOf(cause.getMessage());
      if (!context.queue().fail(type, lease, context.attempts().of(type), error)) {
        return; // queued again after a backoff; the coordinator keeps waiting for it
      }
      context.deadLetters().report(partition, DeadLetter.DEAD_LETTERED, error);
      return;
    }
    end(status, execution.getExitStatus(), context.outcomes().takeHeld());
  }

  /**
   * Records which worker starts which attempt of the partition's task: a document's, or a page's. A
   * page assembly is not a task of its own (its document's task runs on until it records the
   * result), nor is the one partition of a job with nothing left to run.
   */
  private void recordStart(Step step) {
    var properties = partition.properties();
    String jobId = properties.get("jobId");
    String index = properties.get("index");
    if (jobId == null
        || index == null
        || index.startsWith("-")
        || ASSEMBLY.equals(step.getBatchlet().getRef())) {
      return;
    }
    String page = properties.get("page");
    String field = page == null ? index : index + ":" + page;
    context.recordStart(
        partition.execution().toString(), jobId, field, type, workerId, lease.attempt());
  }

  /** Whether the run failed only because its document's store was out of reach. */
  private static boolean storeOutage(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof DocumentStoreOutage) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hands the run's end to the node's {@link CompletionWriter}: the outcomes it held back, then the
   * lease release and the done message for the coordinator, written with other runs' ends. The done
   * message goes even if the lease was lost and the partition runs again elsewhere: the coordinator
   * counts each partition once.
   */
  private void end(BatchStatus status, String exitStatus, List<DocumentOutcomes.Held> outcomes) {
    context.end(type, lease, partition, status, exitStatus, outcomes);
  }

  private Step findStep(JobContextImpl jobContext) {
    for (var element : jobContext.getJob().getJobElements()) {
      if (element instanceof Step step && step.getId().equals(partition.stepName())) {
        return step;
      }
    }
    throw new IllegalStateException(
        "job " + partition.jobName() + " has no step " + partition.stepName());
  }
}
