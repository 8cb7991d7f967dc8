package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.file.Files;
import java.util.Set;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.worker.pool.ExternalTasks;
import org.docbatch.worker.pool.TaskDocument;
import org.docbatch.worker.pool.TaskRefusedException;

/**
 * An external worker reports on a task it leased: heartbeats that keep the lease, the result (the
 * spec's {@code complete_task(task_id, result)}) or a failure, and reads the task's document. Each
 * call carries the lease token: one whose lease ran out (another worker has the task now, or will)
 * is refused with 409 {@code lease_lost}, so a task's result is recorded once.
 *
 * <p>The class path is {@code /tasks}, the same as the task views' class: JAX-RS merges the methods
 * of root resources with the same path, so these and {@code GET /tasks/{task_id}} all route.
 */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.WORKER)
public class TaskReportResource {

  @Inject ExternalTasks tasks;

  @POST
  @Path("/{task_id}/heartbeat")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject heartbeat(@PathParam("task_id") String taskId, String body) {
    JsonObject request = WorkerRequests.object(body, Set.of("lease_token"));
    try {
      long lease = tasks.heartbeat(taskId, WorkerRequests.leaseToken(request));
      return Json.createObjectBuilder()
          .add("task_id", taskId)
          .add("lease_seconds", lease / 1000.0)
          .build();
    } catch (TaskRefusedException e) {
      throw WorkerRequests.refused(e);
    }
  }

  @POST
  @Path("/{task_id}/complete")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject complete(@PathParam("task_id") String taskId, String body) {
    JsonObject request = WorkerRequests.object(body, Set.of("lease_token", "result"));
    String token = WorkerRequests.leaseToken(request);
    JsonObject result = WorkerRequests.object(request, "result");
    try {
      tasks.complete(taskId, token, result);
    } catch (TaskRefusedException e) {
      throw WorkerRequests.refused(e);
    }
    return Json.createObjectBuilder().add("task_id", taskId).add("status", "completed").build();
  }

  @POST
  @Path("/{task_id}/fail")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject fail(@PathParam("task_id") String taskId, String body) {
    JsonObject request = WorkerRequests.object(body, Set.of("lease_token", "error", "retryable"));
    String token = WorkerRequests.leaseToken(request);
    JsonObject error = WorkerRequests.object(request, "error");
    String code = WorkerRequests.errorCode(error);
    String message = WorkerRequests.errorMessage(error);
    boolean retryable = request.getBoolean("retryable", false);
    boolean dead;
    try {
      dead = tasks.fail(taskId, token, code, message, retryable);
    } catch (TaskRefusedException e) {
      throw WorkerRequests.refused(e);
    }
    String status = !retryable ? "failed" : dead ? "dead_lettered" : "retrying";
    return Json.createObjectBuilder().add("task_id", taskId).add("status", status).build();
  }

  /** The task's document, for the worker that holds its lease. */
  @GET
  @Path("/{task_id}/document")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public Response document(
      @PathParam("task_id") String taskId, @QueryParam("lease_token") String token) {
    if (token == null || token.isEmpty()) {
      throw Problem.badRequest("invalid_lease_token", "lease_token is required");
    }
    TaskDocument document;
    try {
      document = tasks.document(taskId, token);
    } catch (TaskRefusedException e) {
      throw WorkerRequests.refused(e);
    } catch (DocumentReferenceException e) {
      throw Problem.notFound("document_not_found", e.getMessage());
    }
    StreamingOutput body =
        out -> {
          try (document) {
            Files.copy(document.local().file(), out);
          }
        };
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
        .header("Content-Disposition", "attachment; filename=\"document\"")
        .build();
  }
}
