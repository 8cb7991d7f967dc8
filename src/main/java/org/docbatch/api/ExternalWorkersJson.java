package org.docbatch.api;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.docbatch.worker.pool.ExternalPoolState;

/** The external task types' workers as JSON, for {@code /api/workers} and {@code /api/metrics}. */
final class ExternalWorkersJson {

  private ExternalWorkersJson() {}

  /** {@code {"<type>": {"workers", "busy", "last_heartbeat", "list": [...]}}}. */
  static JsonObject of(List<ExternalPoolState> states) {
    JsonObjectBuilder byType = Json.createObjectBuilder();
    for (ExternalPoolState state : states) {
      JsonArrayBuilder list = Json.createArrayBuilder();
      state
          .workers()
          .forEach(
              w ->
                  list.add(
                      Json.createObjectBuilder()
                          .add("worker_id", w.workerId())
                          .add("last_seen", Instant.ofEpochMilli(w.lastSeen()).toString())));
      JsonObjectBuilder type =
          Json.createObjectBuilder()
              .add("workers", state.workers().size())
              .add("busy", state.busy())
              .add("list", list);
      if (state.lastHeartbeat() > 0) {
        type.add("last_heartbeat", Instant.ofEpochMilli(state.lastHeartbeat()).toString());
      } else {
        type.addNull("last_heartbeat");
      }
      byType.add(state.type(), type);
    }
    return byType.build();
  }
}
