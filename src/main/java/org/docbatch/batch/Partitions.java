package org.docbatch.batch;

import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobType;

/** Partition plans of documents: their properties, and the plan of them. */
final class Partitions {

  private Partitions() {}

  /**
   * Documents whose OCR is over: those with an outcome, and in a pipeline those whose OCR stage
   * result is recorded (a retry resumes them at a later stage).
   */
  static Set<Integer> finished(JobRecord job, JobResults results) {
    Set<Integer> finished = results.indexesWithOutcome(job.id());
    if (JobType.fromId(job.type()).map(JobType::isPipeline).orElse(false)) {
      finished.addAll(results.indexesWithStage(job.id(), JobType.OCR.id()));
    }
    return finished;
  }

  /** A document's partition properties. */
  static Properties of(int index, String reference) {
    Properties properties = new Properties();
    properties.setProperty(DocumentPartitionMapper.INDEX, Integer.toString(index));
    properties.setProperty(DocumentPartitionMapper.DOCUMENT, reference == null ? "" : reference);
    return properties;
  }

  /**
   * A plan of these partitions, all queued at once (the worker pools of all nodes bound how many
   * run); with none, the one no-op partition JSR-352 needs.
   */
  static PartitionPlan plan(List<Properties> partitions) {
    Properties[] properties = partitions.toArray(Properties[]::new);
    if (properties.length == 0) {
      properties = new Properties[] {of(DocumentPartitionMapper.NOTHING, "")};
    }
    PartitionPlanImpl plan = new PartitionPlanImpl();
    plan.setPartitions(properties.length);
    plan.setThreads(properties.length);
    plan.setPartitionProperties(properties);
    plan.setPartitionsOverride(true);
    return plan;
  }
}
