package org.docbatch.job;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.docbatch.json.Json;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.JobRecord;
import org.docbatch.store.PagedDocuments;

/** How a job looks in the API (and in the dashboard's events): the spec's snake_case fields. */
public final class JobJson {

  private JobJson() {}

  public static JsonObject of(JobRecord job) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("job_id", job.id())
            .add("job_type", job.type())
            .add("status", job.status().name())
            .add("priority", job.priority())
            .add("progress", job.progress())
            .add("total_tasks", job.totalTasks())
            .add("completed_tasks", job.completedTasks())
            .add("failed_tasks", job.failedTasks())
            .add("retries", job.retries())
            .add("recoveries", job.recoveries())
            .add("options", parse(job.options()))
            .add("owner", job.owner());
    addIfPresent(json, "created_at", job.createdAt());
    addIfPresent(json, "started_at", job.startedAt());
    addIfPresent(json, "finished_at", job.finishedAt());
    addIfPresent(json, "error", job.error());
    addIfPresent(json, "node", job.node() == null ? null : NodeIdentity.nodeOf(job.node()));
    if (job.source() != null) {
      // total_tasks is 0 until the listing ends, then the count listed.
      json.add("source", job.source().toJson());
      json.add(
          "listing",
          Json.createObjectBuilder()
              .add("listed", job.listed())
              .add("listing_done", job.listingDone()));
    }
    return json.build();
  }

  /**
   * An OCR job with its pages: {@code pages_total} counts each paged document's pages and every
   * other document as one page; {@code pages_done}, those of them read or failed.
   */
  public static JsonObject withPages(
      JsonObject json, JobRecord job, PagedDocuments.Progress pages) {
    long finishedDocuments = (long) job.completedTasks() + job.failedTasks();
    return Json.createObjectBuilder(json)
        .add("pages_total", job.totalTasks() - pages.documents() + pages.pages())
        .add("pages_done", finishedDocuments - pages.assembled() + pages.pagesDone())
        .build();
  }

  public static JsonObject parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }
}
