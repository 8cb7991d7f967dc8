package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;
import org.docbatch.security.Role;
import org.docbatch.webhook.Deliveries;
import org.docbatch.webhook.Delivery;

/** A job's callback deliveries: each attempt's outcome, and a way to send one again. */
@Allowed(Role.SUBMITTER)
@Path("/jobs/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

  @Inject VisibleJobs jobs;
  @Inject Deliveries deliveries;
  @Context SecurityContext security;

  @GET
  public JsonObject list(@PathParam("id") String id) {
    jobs.find(Caller.of(security), id);
    JsonArrayBuilder list = Json.createArrayBuilder();
    deliveries.ofJob(id).forEach(delivery -> list.add(json(delivery)));
    return Json.createObjectBuilder().add("job_id", id).add("deliveries", list).build();
  }

  /** Sends the delivery again now, with a new retry window, whatever became of it. */
  @POST
  @Path("/{delivery}/retry")
  public Response retry(@PathParam("id") String id, @PathParam("delivery") String deliveryId) {
    jobs.find(Caller.of(security), id);
    boolean ofThisJob =
        deliveries.find(deliveryId).filter(d -> d.job().equals(id)).isPresent()
            && deliveries.redeliver(deliveryId);
    if (!ofThisJob) {
      throw Problem.notFound(
          "delivery_not_found", "job " + id + " has no delivery '" + deliveryId + "'");
    }
    return Response.accepted(json(deliveries.find(deliveryId).orElseThrow())).build();
  }

  static JsonObject json(Delivery delivery) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("id", delivery.id())
            .add("event", delivery.event())
            .add("url", shown(delivery.url()))
            .add("state", delivery.state())
            .add("attempts", delivery.attempts())
            .add("created_at", delivery.createdAt());
    if (delivery.attempts() > 0) {
      json.add("last_status", delivery.lastStatus())
          .add("last_attempt_at", delivery.lastAttemptAt());
    }
    addIfSet(json, "last_error", delivery.lastError());
    addIfSet(json, "next_attempt_at", delivery.nextAttemptAt());
    addIfSet(json, "delivered_at", delivery.deliveredAt());
    return json.build();
  }

  /** Scheme, host and port only: receivers often put their secret in the path or the query. */
  private static String shown(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return "****";
    }
  }

  private static void addIfSet(JsonObjectBuilder json, String name, String value) {
    if (value != null && !value.isEmpty()) {
      json.add(name, value);
    }
  }
}
