package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.docbatch.dispatch.queue.DeadLetters;
import org.docbatch.job.JobService;
import org.docbatch.job.JobStateException;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;
import org.docbatch.store.OwnerIndex;
import org.docbatch.worker.ProcessorCatalog;

/**
 * The dead-letter queue: documents whose runs failed {@code max_retries + 1} times (unexpected
 * errors, or workers that died or hung on them). An operator requeues an entry (its job runs its
 * unfinished documents again) or discards it (the document keeps its failed outcome).
 */
@Allowed(Role.OPERATOR)
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  @Inject DeadLetters deadLetters;
  @Inject ProcessorCatalog processors;
  @Inject JobService jobs;
  @Inject OwnerIndex owners;

  /** The most entries one page holds. */
  static final int MAX_LIMIT = 1000;

  /** A page of dead letters, oldest first: {@code limit} (default 100) from {@code offset}. */
  @GET
  public JsonObject list(
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
      throw Problem.badRequest(
          "invalid_page", "offset must be 0 or more and limit between 1 and " + MAX_LIMIT);
    }
    JsonArrayBuilder entries = Json.createArrayBuilder();
    DeadLetters.Page page = deadLetters.list(processors.queueTypes(), offset, limit);
    page.entries().forEach(entry -> entries.add(json(entry)));
    return Json.createObjectBuilder()
        .add("total", page.total())
        .add("offset", offset)
        .add("limit", limit)
        .add("dead_letters", entries)
        .build();
  }

  /**
   * Runs the entry's job again: its documents without a successful outcome run, and a page's entry
   * has its document's failed pages read again.
   */
  @POST
  @Path("/{id}/requeue")
  public Response requeue(@PathParam("id") String id) {
    DeadLetters.Entry entry = find(id);
    String jobId = entry.partition().properties().get("jobId");
    try {
      JobRecord retried =
          jobs.retry(jobId)
              .orElseThrow(
                  () ->
                      Problem.notFound(
                          "job_not_found", "the job of dead letter " + id + " has expired"));
      // Unfinished again: it counts against its owner's MAX_JOBS_IN_FLIGHT_PER_USER, as a retry
      // does.
      owners.reopened(retried.owner(), jobId);
    } catch (JobStateException e) {
      throw Problem.conflict(
          e.code(),
          e.getMessage() + "; a dead letter is requeued once the rest of its job has finished");
    }
    return Response.accepted(json(entry)).build();
  }

  @DELETE
  @Path("/{id}")
  public JsonObject discard(@PathParam("id") String id) {
    DeadLetters.Entry entry = find(id);
    deadLetters.discard(entry);
    return json(entry);
  }

  private DeadLetters.Entry find(String id) {
    return deadLetters
        .find(processors.queueTypes(), id)
        .orElseThrow(
            () -> Problem.notFound("dead_letter_not_found", "there is no dead letter " + id));
  }

  private static JsonObject json(DeadLetters.Entry entry) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("id", entry.id())
            .add("worker_type", entry.type())
            .add("execution_id", entry.partition().executionId())
            .add("partition", entry.partition().partitionId())
            .add("error", entry.error() == null ? "" : entry.error())
            .add("dead_at", entry.diedAt().toString());
    String jobId = entry.partition().properties().get("jobId");
    String index = entry.partition().properties().get("index");
    if (jobId != null) {
      json.add("job_id", jobId);
    }
    if (index != null) {
      json.add("document_index", Integer.parseInt(index));
    }
    // A page of a document read one page per partition (docs/ocr.md, "Pages as partitions").
    String page = entry.partition().properties().get("page");
    if (page != null) {
      json.add("page", Integer.parseInt(page));
    }
    return json.build();
  }
}
