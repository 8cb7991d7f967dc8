package org.docbatch.alerts;

import jakarta.json.JsonObject;
import java.time.Instant;
import org.docbatch.json.Json;

/**
 * One message about an alert, as logged and as POSTed to {@code ALERT_WEBHOOK_URL}.
 *
 * @param alert the alert (for {@code resolved}: as last seen firing)
 * @param node the node it holds on
 * @param status {@code firing} or {@code resolved}
 * @param repeat true for a reminder of an alert already sent (after {@code ALERT_REPEAT_SECONDS})
 * @param firstSeen when it started firing
 * @param at when this message was made
 */
public record AlertNotice(
    Alert alert, String node, String status, boolean repeat, Instant firstSeen, Instant at) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  /** The webhook's payload. */
  public JsonObject toJson() {
    return Json.createObjectBuilder()
        .add("alert", alert.name())
        .add("severity", alert.severity().id())
        .add("node", node)
        .add("message", alert.message())
        .add("value", alert.value())
        .add("threshold", alert.threshold())
        .add("first_seen", firstSeen.toString())
        .add("status", status)
        .add("repeat", repeat)
        .add("at", at.toString())
        .build();
  }
}
