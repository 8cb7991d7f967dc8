package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobType;

/**
 * One partition per document of the job that does not have an outcome yet, so that a retry runs
 * only what failed or never ran. In a pipeline job, where each step is a stage ({@code
 * workerType}), a document whose result of this stage is already recorded is not mapped either: a
 * retry resumes each document at the stage it failed in. Concurrency is bounded by the worker pools
 * of the nodes, not by the job.
 */
@Named
@Dependent
public class DocumentPartitionMapper implements PartitionMapper {

  /** Partition property: the document's index in its job. */
  public static final String INDEX = "index";

  /** Partition property: the document's reference, so that workers need not read it. */
  public static final String DOCUMENT = "document";

  /** The index of the single no-op partition of a job that has nothing left to run. */
  static final int NOTHING = -1;

  @Inject @BatchProperty String jobId;
  @Inject @BatchProperty String workerType;
  @Inject JobStore store;
  @Inject JobResults results;

  @Override
  public PartitionPlan mapPartitions() {
    JobRecord job =
        store.find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    // The job stays QUEUED until a worker starts its first document (store/TaskRuns); a pipeline's
    // later stages find it RUNNING. A cancelled job maps nothing.
    boolean running = JobStatus.UNFINISHED.contains(job.status());
    List<Integer> pending = new ArrayList<>();
    List<String> references = running ? store.documents(jobId, 0, job.totalTasks()) : List.of();
    if (running) {
      Set<Integer> done = results.indexesWithOutcome(jobId);
      if (JobType.fromId(job.type()).map(JobType::isPipeline).orElse(false)) {
        done.addAll(results.indexesWithStage(jobId, workerType));
      }
      for (int index = 0; index < job.totalTasks(); index++) {
        if (!done.contains(index)) {
          pending.add(index);
        }
      }
    }
    if (pending.isEmpty()) {
      pending.add(NOTHING); // JSR-352 needs at least one partition
    }
    Properties[] properties = new Properties[pending.size()];
    for (int i = 0; i < properties.length; i++) {
      properties[i] = new Properties();
      int index = pending.get(i);
      properties[i].setProperty(INDEX, Integer.toString(index));
      properties[i].setProperty(
          DOCUMENT, index >= 0 && index < references.size() ? references.get(index) : "");
    }
    PartitionPlanImpl plan = new PartitionPlanImpl();
    plan.setPartitions(properties.length);
    // Every partition goes to the dispatcher's queue at once; the worker pools of all nodes bound
    // how many run.
    plan.setThreads(properties.length);
    plan.setPartitionProperties(properties);
    plan.setPartitionsOverride(true);
    return plan;
  }
}
