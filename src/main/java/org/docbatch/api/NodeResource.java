package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.docbatch.cluster.NodeSummaries;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.worker.pool.ExternalTasks;

/**
 * The nodes alive and their workers, as each published it with its last heartbeat (at most {@code
 * NODE_HEARTBEAT_INTERVAL} seconds old).
 */
@Allowed(Role.OPERATOR)
@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

  @Inject NodeSummaries nodes;
  @Inject ExternalTasks external;

  /** The nodes, and the workers outside the server beside them as the spec lists workers. */
  @GET
  public JsonObject list() {
    return Json.createObjectBuilder()
        .add("scope", "cluster")
        .add("nodes", nodes.alive())
        .add("external_workers", ExternalWorkersJson.of(external.states()))
        .build();
  }
}
