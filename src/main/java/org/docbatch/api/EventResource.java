package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.docbatch.events.EventStream;
import org.docbatch.json.Json;
import org.docbatch.node.NodeIdentity;
import org.docbatch.security.Allowed;
import org.docbatch.security.Authenticator;
import org.docbatch.security.Caller;
import org.docbatch.security.CredentialException;
import org.docbatch.security.Role;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Server-sent events for the dashboard: {@code hello} once (this node), then {@code job} (a job's
 * record, as {@code GET /api/jobs/{id}} answers it) whenever a job changes on any node, {@code
 * active} ({@code active_jobs}, cluster-wide) when the number of unfinished jobs changes, and
 * {@code cluster} every 5 s ({@code metrics}: {@code GET /api/metrics}; {@code nodes}: {@code GET
 * /api/nodes}). See {@link org.docbatch.events.LiveFeed}.
 */
@Allowed(Role.OPERATOR)
@Path("/events")
public class EventResource {

  @Inject EventStream stream;
  @Inject NodeIdentity node;
  @Inject Authenticator authenticator;

  /** {@code MAX_EVENT_STREAMS_PER_USER}: streams one user may hold open on a node. */
  @Inject
  @ConfigProperty(name = "max.event.streams.per.user", defaultValue = "5")
  int maxStreams;

  /**
   * Opens a stream that lasts as long as the credential it was opened with: the credential is
   * checked again each second, so a revoked key or an expired token ends the stream.
   */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void listen(
      @Context SseEventSink sink,
      @Context Sse sse,
      @Context HttpHeaders headers,
      @Context SecurityContext security) {
    Caller caller = Caller.of(security);
    String authorization = headers.getHeaderString("Authorization");
    String apiKey = headers.getHeaderString("X-API-Key");
    BooleanSupplier stillAllowed =
        () -> {
          try {
            return authenticator.authenticate(authorization, apiKey).role().includes(Role.OPERATOR);
          } catch (CredentialException e) {
            return false;
          }
        };
    boolean added =
        stream.add(
            sink,
            sse,
            Json.createObjectBuilder()
                .add("node", node.id())
                .add("at", Instant.now().toString())
                .build(),
            caller.user(),
            maxStreams,
            stillAllowed);
    if (!added) {
      throw new Problem(
          429,
          "too_many_streams",
          "Too many event streams",
          caller.user()
              + " holds "
              + maxStreams
              + " event streams on this node already (MAX_EVENT_STREAMS_PER_USER); close one");
    }
  }
}
