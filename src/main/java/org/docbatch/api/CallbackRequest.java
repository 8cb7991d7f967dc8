package org.docbatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.docbatch.json.Json;
import org.docbatch.webhook.CallbackPolicy;
import org.docbatch.webhook.CallbackRefusedException;
import org.docbatch.webhook.Deliveries;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code callback} of a job request, {@code {"url": "https://…", "events": ["job.finished"]}},
 * checked before the job is accepted ({@link CallbackPolicy}); without one, the node's {@code
 * JOB_WEBHOOK_URL} when set.
 */
@ApplicationScoped
public class CallbackRequest {

  static final Set<String> EVENTS = Set.of(Deliveries.JOB_FINISHED, Deliveries.DOCUMENT_FINISHED);
  private static final Set<String> FIELDS = Set.of("url", "events");

  /** The longest callback URL taken: it is stored with the job. */
  static final int MAX_URL_LENGTH = 2_048;

  @Inject CallbackPolicy policy;

  /**
   * {@code JOB_WEBHOOK_URL}: the callback of jobs submitted without one, for {@code job.finished};
   * an operator's choice, so it is checked only when delivered.
   */
  @Inject
  @ConfigProperty(name = "job.webhook.url")
  Optional<String> nodeDefault;

  /**
   * The callback to store with the job, or null for none.
   *
   * @param errors where a problem with the field is added
   */
  JsonObject read(JsonValue value, List<JsonObject> errors) {
    if (value == null || value == JsonValue.NULL) {
      return nodeDefault
          .filter(url -> !url.isBlank())
          .map(url -> callback(url, List.of(Deliveries.JOB_FINISHED)))
          .orElse(null);
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(invalid("callback must be an object with url and events"));
      return null;
    }
    JsonObject callback = value.asJsonObject();
    for (String field : callback.keySet()) {
      if (!FIELDS.contains(field)) {
        errors.add(invalid("unknown callback field '" + field + "'; fields are events, url"));
        return null;
      }
    }
    if (!(callback.get("url") instanceof JsonString url)
        || url.getString().length() > MAX_URL_LENGTH) {
      errors.add(
          invalid("callback.url must be a URL of at most " + MAX_URL_LENGTH + " characters"));
      return null;
    }
    List<String> events = events(callback.get("events"), errors);
    if (events == null) {
      return null;
    }
    try {
      policy.check(url.getString());
    } catch (CallbackRefusedException e) {
      errors.add(invalid(e.getMessage()));
      return null;
    }
    return callback(url.getString(), events);
  }

  private static List<String> events(JsonValue value, List<JsonObject> errors) {
    if (value == null) {
      return List.of(Deliveries.JOB_FINISHED);
    }
    String known = String.join(", ", EVENTS.stream().sorted().toList());
    if (!(value instanceof JsonArray array)
        || array.isEmpty()
        || !array.stream()
            .allMatch(e -> e instanceof JsonString s && EVENTS.contains(s.getString()))) {
      errors.add(invalid("callback.events must be a non-empty list of: " + known));
      return null;
    }
    return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static JsonObject callback(String url, List<String> events) {
    return Json.createObjectBuilder()
        .add("url", url)
        .add("events", Json.createArrayBuilder(events))
        .build();
  }

  private static JsonObject invalid(String message) {
    return Json.createObjectBuilder()
        .add("code", "invalid_callback")
        .add("field", "callback")
        .add("message", message)
        .build();
  }
}
