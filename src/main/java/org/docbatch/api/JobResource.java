package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.docbatch.job.JobJson;
import org.docbatch.job.JobService;
import org.docbatch.job.JobStateException;
import org.docbatch.job.QueueFullException;
import org.docbatch.job.StorageQuota;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;
import org.docbatch.security.Role;
import org.docbatch.store.JobIndex;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobSubmission;
import org.docbatch.store.JobType;
import org.docbatch.store.OwnerIndex;
import org.docbatch.store.PagedDocuments;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Submit, follow, read, cancel and retry jobs. */
@Allowed(Role.SUBMITTER)
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  private static final int MAX_PAGE = 1_000;

  /**
   * Characters of results one page carries at most (about 4-16 MB of JSON); a page stops before the
   * result that would pass it, always holding at least one, and its {@code next} link goes on from
   * there.
   */
  private static final int MAX_PAGE_CHARS = 4 * 1024 * 1024;

  /** Seconds a client told that the queue is full should wait. */
  private static final int QUEUE_RETRY = 5;

  @Inject JobRequestParser parser;
  @Inject org.docbatch.worker.ProcessorCatalog processors;
  @Inject JobService jobs;
  @Inject IdempotentSubmit once;
  @Inject VisibleJobs visible;
  @Inject JobStore store;
  @Inject JobResults jobResults;
  @Inject JobIndex jobIndex;
  @Inject OwnerIndex owners;
  @Inject PagedDocuments paged;
  @Inject StorageQuota quota;
  @Context UriInfo uriInfo;
  @Context SecurityContext security;

  /** {@code MAX_JOBS_IN_FLIGHT_PER_USER}: unfinished jobs one user may have at a time. */
  @Inject
  @ConfigProperty(name = "max.jobs.in.flight.per.user", defaultValue = "100")
  int maxJobsInFlight;

  /**
   * Takes JSON only (415 otherwise, issue 22): a {@code text/plain} or form body is what a web page
   * of another origin can send without asking first. {@link RequestSizeFilter} bounds the body
   * before it is read into the string.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(String body, @HeaderParam(IdempotentSubmit.HEADER) String idempotencyKey) {
    Caller caller = Caller.of(security);
    JobSubmission submission = parser.parse(body, caller);
    if (idempotencyKey == null) {
      return accepted(create(submission, caller, UUID.randomUUID().toString()), false);
    }
    IdempotentSubmit.Submitted submitted =
        once.submit(caller.user(), idempotencyKey, body, id -> create(submission, caller, id));
    return accepted(submitted.job(), submitted.replayed());
  }

  /** 202 for a job created now; 200 for the job an Idempotency-Key already stood for. */
  private Response accepted(JobRecord job, boolean replayed) {
    Response.ResponseBuilder answer =
        replayed
            ? Response.ok(JobJson.of(job)).header(IdempotentSubmit.REPLAYED, "true")
            : Response.accepted(JobJson.of(job));
    return answer.location(uriInfo.getBaseUriBuilder().path("jobs").path(job.id()).build()).build();
  }

  private JobRecord create(JobSubmission submission, Caller caller, String jobId) {
    int inFlight = owners.inFlight(caller.user());
    if (inFlight >= maxJobsInFlight) {
      throw new Problem(
              429,
              "too_many_jobs",
              "Too many jobs in flight",
              caller.user()
                  + " has "
                  + inFlight
                  + " unfinished jobs; at most "
                  + maxJobsInFlight
                  + " (MAX_JOBS_IN_FLIGHT_PER_USER) may run at a time: wait for one to finish")
          .retryAfter(QUEUE_RETRY);
    }
    try {
      quota.check(caller.user(), DocumentLibrary.areaOf(caller), 0);
    } catch (StorageQuota.ExceededException e) {
      throw new Problem(413, "storage_quota_exceeded", "Storage quota exceeded", e.getMessage());
    }
    try {
      return jobs.submit(submission, jobId);
    } catch (QueueFullException e) {
      throw new Problem(503, "queue_full", "Queue full", e.getMessage()).retryAfter(QUEUE_RETRY);
    }
  }

  @GET
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("type") String type,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    checkPage(offset, limit);
    JobStatus wanted = status == null || status.isBlank() ? null : status(status);
    JsonArrayBuilder page = Json.createArrayBuilder();
    String wantedType = type == null || type.isBlank() ? null : jobType(type);
    Caller caller = Caller.of(security);
    String owner = caller.seesAllJobs() ? null : caller.user();
    jobIndex
        .list(owner, wanted, wantedType, offset, limit)
        .forEach(job -> page.add(JobJson.of(job)));
    return Json.createObjectBuilder()
        .add("offset", offset)
        .add("limit", limit)
        .add("jobs", page)
        .build();
  }

  @GET
  @Path("/{id}")
  public JsonObject get(@PathParam("id") String id) {
    JobRecord job = find(id);
    if (!JobType.OCR.id().equals(job.type())) {
      return JobJson.of(job);
    }
    return JobJson.withPages(JobJson.of(job), job, paged.progress(id));
  }

  /** Pages and pages done of the pending paged documents of an OCR job, null for the others. */
  private List<long[]> pendingPages(JobRecord job, int offset, List<String> outcomes) {
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == null) {
        pending.add(offset + i);
      }
    }
    List<long[]> pages = new ArrayList<>(Collections.nCopies(outcomes.size(), null));
    if (!JobType.OCR.id().equals(job.type()) || pending.isEmpty()) {
      return pages;
    }
    List<long[]> read = paged.documentProgress(job.id(), pending);
    for (int i = 0; i < pending.size(); i++) {
      pages.set(pending.get(i) - offset, read.get(i));
    }
    return pages;
  }

  @GET
  @Path("/{id}/results")
  public JsonObject results(
      @PathParam("id") String id,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    checkPage(offset, limit);
    JobRecord job = find(id);
    int count = Math.max(0, Math.min(limit, job.totalTasks() - offset));
    JsonArrayBuilder results = Json.createArrayBuilder();
    if (count > 0) {
      List<String> outcomes = jobResults.results(id, offset, count);
      List<String> documents = store.documents(id, offset, count);
      List<long[]> pages = pendingPages(job, offset, outcomes);
      long bytes = 0;
      for (int i = 0; i < count; i++) {
        String outcome = outcomes.get(i);
        if (i > 0 && outcome != null && bytes + outcome.length() > MAX_PAGE_CHARS) {
          count = i; // the rest on the next page: a page is bounded by its size too
          break;
        }
        if (outcome != null) {
          bytes += outcome.length();
          results.add(JobJson.parse(outcome));
          continue;
        }
        var pending =
            Json.createObjectBuilder()
                .add("index", offset + i)
                .add("document", documents.get(i))
                .add("status", "pending");
        if (pages.get(i) != null) {
          pending.add("pages_total", pages.get(i)[0]).add("pages_done", pages.get(i)[1]);
        }
        results.add(pending.build());
      }
    }
    var page =
        Json.createObjectBuilder()
            .add("job_id", job.id())
            .add("status", job.status().name())
            .add("total_tasks", job.totalTasks())
            .add("successful", job.completedTasks())
            .add("failed", job.failedTasks())
            .add("offset", offset)
            .add("limit", limit)
            .add("results", results);
    if (offset + count < job.totalTasks()) {
      page.add(
          "next", "/api/jobs/" + id + "/results?offset=" + (offset + count) + "&limit=" + limit);
    }
    return page.build();
  }

  @DELETE
  @Path("/{id}")
  public JsonObject cancel(@PathParam("id") String id) {
    find(id);
    try {
      return JobJson.of(jobs.cancel(id).orElseThrow(() -> noSuchJob(id)));
    } catch (JobStateException e) {
      throw Problem.conflict(e.code(), e.getMessage());
    }
  }

  @POST
  @Path("/{id}/retry")
  public Response retry(@PathParam("id") String id) {
    JobRecord job = find(id);
    try {
      JobRecord retried = jobs.retry(id).orElseThrow(() -> noSuchJob(id));
      owners.reopened(job.owner(), id);
      return Response.accepted(JobJson.of(retried)).build();
    } catch (JobStateException e) {
      throw Problem.conflict(e.code(), e.getMessage());
    }
  }

  private JobRecord find(String id) {
    return visible.find(Caller.of(security), id);
  }

  private static Problem noSuchJob(String id) {
    return VisibleJobs.noSuchJob(id);
  }

  private static JobStatus status(String name) {
    try {
      return JobStatus.valueOf(name.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(
          "invalid_status",
          "unknown status '" + name + "'; one of " + Arrays.toString(JobStatus.values()));
    }
  }

  private String jobType(String id) {
    return JobType.fromId(id)
        .or(() -> processors.jobType(id))
        .map(JobType::id)
        .orElseThrow(
            () ->
                Problem.badRequest(
                    "unknown_job_type",
                    "unknown job type '" + id + "'; one of " + processors.offeredJobTypes()));
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw Problem.badRequest(
          "invalid_page", "offset must be >= 0 and limit from 1 to " + MAX_PAGE);
    }
  }
}
