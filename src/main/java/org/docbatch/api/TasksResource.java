package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.docbatch.job.JobTasks;
import org.docbatch.job.TaskId;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * One task (the spec's unit of work: a document of a job, or a page read on its own), with its
 * status, attempts and worker; a job's list of them is {@link JobTasksResource}'s. Visible to
 * whoever may see its job; another user's task answers as one that never was (404 {@code
 * task_not_found}).
 */
@Allowed(Role.SUBMITTER)
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

  @Inject JobStore store;
  @Inject JobTasks tasks;
  @Context SecurityContext security;

  @GET
  @Path("/{id}")
  public JsonObject get(@PathParam("id") String id) {
    Caller caller = Caller.of(security);
    TaskId taskId = TaskId.parse(id).orElseThrow(() -> noSuchTask(id));
    JobRecord job =
        store
            .find(taskId.jobId())
            .filter(found -> caller.mayTouch(found.owner()))
            .orElseThrow(() -> noSuchTask(id));
    return tasks.find(job, taskId).orElseThrow(() -> noSuchTask(id));
  }

  private static Problem noSuchTask(String id) {
    return Problem.notFound(
        "task_not_found",
        "no task has the id '"
            + id
            + "' (a task is <job_id>:<index> or <job_id>:<index>:<page>; finished jobs expire"
            + " after JOB_TTL)");
  }
}
