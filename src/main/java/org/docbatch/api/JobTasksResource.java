package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.TreeSet;
import org.docbatch.job.JobTasks;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;

/**
 * A job's tasks (the spec's unit of work: each document, and each page read on its own), a page at
 * a time, with their status, attempts and worker; one task is {@link TasksResource}'s. A class of
 * its own: JAX-RS picks a request's class by its path first, and {@code /jobs} would take {@code
 * /jobs/{id}/tasks} from a class on {@code /}.
 */
@Allowed(Role.SUBMITTER)
@Path("/jobs/{id}/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class JobTasksResource {

  /** The most tasks one page holds. */
  static final int MAX_LIMIT = 1_000;

  @Inject VisibleJobs visible;
  @Inject JobTasks tasks;
  @Context SecurityContext security;

  /**
   * Tasks {@code offset .. offset+limit-1} of the job, documents in order each followed by its
   * pages; with {@code status}, only the tasks in that status.
   */
  @GET
  public JsonObject list(
      @PathParam("id") String id,
      @QueryParam("status") String status,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
      throw Problem.badRequest(
          "invalid_page", "offset must be >= 0 and limit from 1 to " + MAX_LIMIT);
    }
    String wanted = status == null || status.isEmpty() ? null : status;
    if (wanted != null && !JobTasks.STATUSES.contains(wanted)) {
      throw Problem.badRequest(
          "invalid_status",
          "status must be one of " + new TreeSet<>(JobTasks.STATUSES) + ", not '" + status + "'");
    }
    JobRecord job = visible.find(id, security);
    JobTasks.Page page = tasks.list(job, wanted, offset, limit);
    JsonArrayBuilder listed = Json.createArrayBuilder();
    page.tasks().forEach(listed::add);
    var json =
        Json.createObjectBuilder()
            .add("job_id", job.id())
            .add("job_status", job.status().name())
            .add("total", page.total())
            .add("offset", offset)
            .add("limit", limit)
            .add("tasks", listed);
    if (offset + page.tasks().size() < page.total()) {
      json.add(
          "next",
          "/api/jobs/"
              + id
              + "/tasks?"
              + (wanted == null ? "" : "status=" + wanted + "&")
              + "offset="
              + (offset + page.tasks().size())
              + "&limit="
              + limit);
    }
    return json.build();
  }
}
