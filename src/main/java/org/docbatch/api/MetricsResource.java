package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.docbatch.json.Json;
import org.docbatch.metrics.MinuteTallies;
import org.docbatch.metrics.PerformanceReport;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;

/**
 * The performance summary as JSON (the spec's {@code get_performance_metrics}): workers, tasks and
 * jobs of the node that answers, queues of the whole cluster, this machine's resources and Redis.
 * The same figures, per node, are Prometheus metrics at {@code :9990/metrics}.
 */
@Allowed(Role.OPERATOR)
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

  @Inject PerformanceReport report;
  @Inject MinuteTallies tallies;
  @Inject org.docbatch.worker.pool.ExternalTasks external;

  @GET
  public JsonObject summary() {
    JsonObject summary = report.summary(true);
    return Json.createObjectBuilder(summary)
        .add(
            "workers",
            Json.createObjectBuilder(summary.getJsonObject("workers"))
                .add("threads", report.workerThreads()))
        .add(
            "external_workers",
            Json.createObjectBuilder()
                .add("scope", "cluster")
                .add("by_type", ExternalWorkersJson.of(external.states())))
        .build();
  }

  /** Documents processed per minute by the cluster over the last hour, oldest minute first. */
  @GET
  @Path("/history")
  public JsonObject history() {
    return tallies.lastHour();
  }
}
