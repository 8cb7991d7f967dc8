package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.docbatch.json.Json;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStore;
import org.docbatch.store.PagedDocuments;

/**
 * One partition per page still to read of the job's paged documents (those without an outcome), so
 * that any OCR worker on any node reads any page. It reads the plans, the outcomes, the pages read
 * and the references once per step (five round trips), whatever the number of pages.
 */
@Named
@Dependent
public class PagePartitionMapper implements PartitionMapper {

  /** Partition property: the page to read, from 1. */
  public static final String PAGE = "page";

  @Inject @BatchProperty String jobId;
  @Inject JobStore store;
  @Inject JobResults results;
  @Inject PagedDocuments paged;

  @Override
  public PartitionPlan mapPartitions() {
    JobRecord job =
        store.find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    Map<Integer, String> plans = paged.plans(jobId);
    plans.keySet().removeAll(Partitions.finished(job, results));
    List<Properties> partitions = new ArrayList<>();
    if (!plans.isEmpty()) {
      Set<String> read = paged.pagesRead(jobId);
      List<String> references = store.documents(jobId, 0, job.totalTasks());
      plans.forEach(
          (index, plan) -> {
            for (int page : readPages(plan)) {
              if (!read.contains(PagedDocuments.field(index, page))) {
                Properties partition = Partitions.of(index, references.get(index));
                partition.setProperty(PAGE, Integer.toString(page));
                partitions.add(partition);
              }
            }
          });
    }
    return Partitions.plan(partitions);
  }

  static List<Integer> readPages(String planJson) {
    try (var reader = Json.createReader(new StringReader(planJson))) {
      JsonObject plan = reader.readObject();
      return plan.getJsonArray("read_pages").getValuesAs(JsonNumber.class).stream()
          .map(JsonNumber::intValue)
          .toList();
    }
  }
}
