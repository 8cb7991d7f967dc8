package org.docbatch.dispatch.coordinator;

import jakarta.batch.runtime.BatchStatus;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.repository.RedisJobRepository;
import org.docbatch.store.ExecutionKey;
import org.jberet.job.model.Properties;
import org.jberet.runtime.JobStopNotificationListener;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.spi.PartitionHandler;

/**
 * The coordinator's side of one partitioned step: puts each partition on the Redis queue of its job
 * (references, in batches of {@value #BATCH} per round trip) and hands JBeret what workers on any
 * node report through this node's inbox.
 */
final class RedisPartitionHandler
    implements PartitionHandler, JobStopNotificationListener, WaitingStep {

  private static final int BATCH = 500;

  private final Dispatcher dispatcher;
  private final long executionId;
  private final long stepExecutionId;
  private final String jobName;
  private final String stepName;
  private final int priority;
  private final boolean onServerEngine;

  /** Partition writes are batched: flushed before each batch of partitions is queued. */
  private final RedisJobRepository repository;

  private final List<PartitionRef> unsent = new ArrayList<>();

  /** The docbatch job and the queue of its partitions, once the first partition is submitted. */
  private volatile String jobId;

  private volatile String queueType;

  /** Partitions reported done: a partition run twice (its lease ran out) counts once. */
  private final BitSet done = new BitSet();

  private BlockingQueue<Boolean> resourceTracker;
  private BlockingQueue<Serializable> collectorData;

  RedisPartitionHandler(Dispatcher dispatcher, StepContextImpl stepContext) {
    this.dispatcher = dispatcher;
    this.executionId = stepContext.getJobContext().getExecutionId();
    this.stepExecutionId = stepContext.getStepExecutionId();
    this.jobName = stepContext.getJobContext().getJobName();
    this.stepName = stepContext.getStepName();
    java.util.Properties parameters = stepContext.getJobContext().getJobParameters();
    this.priority =
        parameters == null
            ? 0
            : Integer.parseInt(parameters.getProperty(JobParameters.PRIORITY, "0"));
    this.onServerEngine = RedisPartitionHandlerFactory.onServerEngine(stepContext);
    this.repository = RedisJobRepository.behind(stepContext.getJobContext().getJobRepository());
    if (repository != null) {
      repository.deferPartitionWrites(stepExecutionId);
    }
    dispatcher.inbox().register(stepExecutionId, this);
  }

  @Override
  public void setResourceTracker(BlockingQueue<Boolean> completedPartitionThreads) {
    this.resourceTracker = completedPartitionThreads;
  }

  @Override
  public void setCollectorDataQueue(BlockingQueue<Serializable> collectorDataQueue) {
    this.collectorData = collectorDataQueue;
  }

  @Override
  public void submitPartitionTask(
      StepContextImpl partitionContext, int currentIndex, int numOfPartitions) {
    PartitionExecutionImpl partition = (PartitionExecutionImpl) partitionContext.getStepExecution();
    Properties batchlet = partitionContext.getStep().getBatchlet().getProperties();
    Map<String, String> properties =
        batchlet == null ? Map.of() : new LinkedHashMap<>(batchlet.getNameValues());
    jobId = properties.get("jobId");
    queueType = queueOf(properties);
    unsent.add(
        new PartitionRef(
            priority,
            executionId,
            stepExecutionId,
            partition.getPartitionId(),
            jobName,
            stepName,
            dispatcher.incarnation(),
            onServerEngine,
            properties));
    // With fewer threads than partitions JBeret waits for one to finish before it submits more:
    // then every partition must reach the queue at once.
    if (unsent.size() >= BATCH || currentIndex == numOfPartitions - 1 || resourceTracker != null) {
      try {
        if (repository != null) {
          repository.flushPartitionWrites(stepExecutionId); // workers may write these rows next
        }
        dispatcher.queue().enqueue(queueOf(properties), unsent);
      } catch (RuntimeException e) {
        close(null); // JBeret closes the handler only when every partition was submitted
        throw e;
      }
      unsent.clear();
    }
  }

  /**
   * The queue of the worker type that runs the step: its batchlet's {@code workerType}, so that
   * each stage of a pipeline job goes to its own pool; the job's name for a job of one type.
   */
  private String queueOf(Map<String, String> batchletProperties) {
    String workerType = batchletProperties.get("workerType");
    return workerType == null || workerType.isEmpty() ? jobName : workerType;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public String queueType() {
    return queueType;
  }

  @Override
  public long stepExecutionId() {
    return stepExecutionId;
  }

  @Override
  public boolean isDone(int partitionId) {
    synchronized (done) {
      return done.get(partitionId);
    }
  }

  /** A worker finished a partition (or skipped it because the job stopped). */
  @Override
  public void partitionDone(int partitionId, BatchStatus status, String exitStatus) {
    synchronized (done) {
      if (done.get(partitionId)) {
        return;
      }
      done.set(partitionId);
    }
    collectorData.add(
        new PartitionExecutionImpl(
            partitionId, stepExecutionId, stepName, status, exitStatus, null, null, null));
    if (resourceTracker != null) {
      resourceTracker.offer(Boolean.TRUE);
    }
  }

  /** A worker's partition collector sent data for the step's analyzer. */
  void collectorData(Serializable data) {
    collectorData.add(data);
  }

  @Override
  public void stopRequested(long jobExecutionId) {
    dispatcher.requestStop(
        onServerEngine
            ? ExecutionKey.server(dispatcher.incarnation(), jobExecutionId)
            : ExecutionKey.of(jobExecutionId));
  }

  @Override
  public void close(StepContextImpl stepContext) {
    dispatcher.inbox().unregister(stepExecutionId);
    if (repository != null) {
      repository.endPartitionWriteDeferral(stepExecutionId);
    }
  }
}
