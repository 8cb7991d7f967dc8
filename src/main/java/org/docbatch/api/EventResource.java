package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import org.docbatch.events.EventStream;
import org.docbatch.json.Json;
import org.docbatch.node.NodeIdentity;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;

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

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void listen(@Context SseEventSink sink, @Context Sse sse) {
    stream.add(
        sink,
        sse,
        Json.createObjectBuilder()
            .add("node", node.id())
            .add("at", Instant.now().toString())
            .build());
  }
}
