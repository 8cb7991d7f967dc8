package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStore;
import org.docbatch.store.PagedDocuments;

/** One partition per paged document without an outcome: it puts the document's pages together. */
@Named
@Dependent
public class PageAssemblyMapper implements PartitionMapper {

  @Inject @BatchProperty String jobId;
  @Inject JobStore store;
  @Inject JobResults results;
  @Inject PagedDocuments paged;

  @Override
  public PartitionPlan mapPartitions() {
    JobRecord job =
        store.find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    Set<Integer> indexes = paged.plans(jobId).keySet();
    indexes.removeAll(Partitions.finished(job, results));
    List<Properties> partitions = new ArrayList<>();
    if (!indexes.isEmpty()) {
      List<String> references = store.documents(jobId, 0, job.totalTasks());
      indexes.forEach(index -> partitions.add(Partitions.of(index, references.get(index))));
    }
    return Partitions.plan(partitions);
  }
}
