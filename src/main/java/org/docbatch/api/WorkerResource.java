package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.worker.pool.ExternalTasks;
import org.docbatch.worker.pool.LeasedTask;
import org.docbatch.worker.pool.TaskRefusedException;

/**
 * Workers outside the server take tasks of an external type here (the spec's {@code
 * get_next_job(worker_id, type)}, over HTTP, long-polled); operators see those workers.
 */
@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {

  /** The longest a lease call waits for a task. */
  static final int MAX_WAIT_SECONDS = 30;

  /** The most tasks one lease call takes. */
  static final int MAX_TASKS = 100;

  @Inject ExternalTasks tasks;

  @POST
  @Path("/{type}/lease")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(Role.WORKER)
  public JsonObject lease(@PathParam("type") String type, String body) throws InterruptedException {
    JsonObject request = WorkerRequests.object(body, Set.of("worker_id", "max", "wait_seconds"));
    String workerId = WorkerRequests.workerId(request);
    int max = WorkerRequests.number(request, "max", 1, MAX_TASKS, 1);
    int wait =
        WorkerRequests.number(request, "wait_seconds", 0, MAX_WAIT_SECONDS, MAX_WAIT_SECONDS);
    List<LeasedTask> leased;
    try {
      leased = tasks.lease(type, workerId, max, wait * 1000L);
    } catch (TaskRefusedException e) {
      throw WorkerRequests.refused(e);
    }
    JsonArrayBuilder answer = Json.createArrayBuilder();
    for (LeasedTask task : leased) {
      answer.add(
          Json.createObjectBuilder()
              .add("task_id", task.taskId())
              .add("lease_token", task.leaseToken())
              .add("job_id", task.jobId())
              .add("index", task.index())
              .add("document", task.document())
              .add("download_url", downloadUrl(task))
              .add("options", task.options())
              .add("lease_seconds", task.leaseMillis() / 1000.0));
    }
    return Json.createObjectBuilder().add("tasks", answer).build();
  }

  /** The external task types and their workers heard from lately. */
  @GET
  @Allowed(Role.OPERATOR)
  public JsonObject list() {
    return Json.createObjectBuilder().add("types", ExternalWorkersJson.of(tasks.states())).build();
  }

  /** Relative to the server: the worker adds it to the base URL it called. */
  private static String downloadUrl(LeasedTask task) {
    return "/api/tasks/"
        + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8)
        + "/document?lease_token="
        + URLEncoder.encode(task.leaseToken(), StandardCharsets.UTF_8);
  }
}
