package org.docbatch.worker.pool;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.store.ExecutionKey;
import org.jberet.creation.ArchiveXmlLoader;
import org.jberet.job.model.Job;
import org.jberet.repository.InMemoryRepository;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.context.JobContextImpl;
import org.jberet.spi.BatchEnvironment;

/**
 * What a worker node needs to run partitions of an execution coordinated elsewhere: a job context
 * over a local stand-in of the execution, built once from the job XML and the job repository and
 * cloned for each partition. Stopping the stand-in reaches every partition of it running here. At
 * most {@value #MAX} executions are kept, least recently used first out.
 *
 * <p>An execution of the server's operator ({@code ENGINE_MODE=server}) lives in its coordinator's
 * memory, out of reach: its stand-in is built from the job XML alone (the partition's batchlet
 * properties come resolved with it), over a repository that keeps nothing, and a stale one is known
 * only by its stop request. The coordinator records the partition's outcome from the done message.
 */
final class WorkerExecutions {

  private static final int MAX = 64;

  private final BatchEnvironment environment;
  private final JobRepository keepsNothing = new InMemoryRepository();
  private final Map<ExecutionKey, JobContextImpl> contexts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ExecutionKey, JobContextImpl> eldest) {
          return size() > MAX;
        }
      };

  private final Predicate<ExecutionKey> stopRequested;

  WorkerExecutions(BatchEnvironment environment, Predicate<ExecutionKey> stopRequested) {
    this.environment = environment;
    this.stopRequested = stopRequested;
  }

  /**
   * A fresh job context for one partition of {@code partition}'s execution, or null when that
   * execution is over (its coordinator died and the job was restarted, or it was removed): such a
   * partition is stale and is dropped.
   */
  JobContextImpl contextFor(PartitionRef partition) {
    JobContextImpl prototype;
    synchronized (contexts) {
      prototype = contexts.get(partition.execution());
    }
    if (prototype == null) {
      prototype = build(partition);
      if (prototype == null) {
        return null;
      }
      synchronized (contexts) {
        JobContextImpl raced = contexts.putIfAbsent(partition.execution(), prototype);
        prototype = raced == null ? prototype : raced;
      }
    }
    return prototype.clone();
  }

  /** Executions with partitions on this node, for stop requests. */
  List<ExecutionKey> executionKeys() {
    synchronized (contexts) {
      return new ArrayList<>(contexts.keySet());
    }
  }

  /** Stops the partitions of an execution running here; the ones taken later skip themselves. */
  void stop(ExecutionKey execution) {
    JobContextImpl prototype;
    synchronized (contexts) {
      prototype = contexts.get(execution);
    }
    if (prototype != null) {
      prototype.getJobExecution().stop();
    }
  }

  private JobContextImpl build(PartitionRef partition) {
    JobRepository repository;
    Properties parameters;
    if (partition.onServerEngine()) {
      if (stopRequested.test(partition.execution())) {
        return null;
      }
      repository = keepsNothing;
      parameters = new Properties();
    } else {
      repository = environment.getJobRepository();
      JobExecution stored = repository.getJobExecution(partition.executionId());
      if (stored == null || isOver(stored.getBatchStatus())) {
        return null;
      }
      parameters = stored.getJobParameters();
    }
    Job job =
        ArchiveXmlLoader.loadJobXml(
            partition.jobName(),
            environment.getClassLoader(),
            new ArrayList<>(),
            environment.getJobXmlResolver());
    JobInstanceImpl instance =
        new JobInstanceImpl(job, environment.getApplicationName(), partition.jobName());
    JobExecutionImpl standIn = new JobExecutionImpl(instance, parameters);
    standIn.setId(partition.executionId());
    standIn.setBatchStatus(BatchStatus.STARTED);
    return new JobContextImpl(
        standIn, null, environment.getArtifactFactory(), repository, environment);
  }

  private static boolean isOver(BatchStatus status) {
    return status == BatchStatus.COMPLETED
        || status == BatchStatus.FAILED
        || status == BatchStatus.STOPPED
        || status == BatchStatus.ABANDONED;
  }
}
