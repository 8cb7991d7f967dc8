package org.docbatch.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Alert ERRORS =
      new Alert("high_error_rate", Severity.WARNING, "30 of 40 failed", 0.75, 0.1);
  private static final Alert REDIS =
      new Alert("redis_connection", Severity.CRITICAL, "no PING", 1, 0);

  private final AlertTracker tracker = new AlertTracker("node-a", Duration.ofSeconds(300));

  @Test
  void anAlertIsSentOnceWhileItKeepsFiringThenResolvedOnce() {
    List<AlertNotice> first = tracker.update(T0, List.of(ERRORS));
    assertEquals(1, first.size());
    assertEquals(AlertNotice.FIRING, first.get(0).status());
    assertFalse(first.get(0).repeat());

    for (int s = 30; s < 300; s += 30) {
      assertEquals(List.of(), tracker.update(T0.plusSeconds(s), List.of(ERRORS)), "at " + s);
    }
    assertEquals(Set.of("high_error_rate"), tracker.firing());

    List<AlertNotice> resolved = tracker.update(T0.plusSeconds(290), List.of());
    assertEquals(1, resolved.size());
    assertEquals(AlertNotice.RESOLVED, resolved.get(0).status());
    assertEquals(T0, resolved.get(0).firstSeen());
    assertEquals(List.of(), tracker.update(T0.plusSeconds(320), List.of()));
    assertEquals(Set.of(), tracker.firing());
  }

  @Test
  void aFiringAlertIsRepeatedAfterTheRepeatInterval() {
    tracker.update(T0, List.of(ERRORS));

    assertEquals(List.of(), tracker.update(T0.plusSeconds(299), List.of(ERRORS)));
    List<AlertNotice> repeat = tracker.update(T0.plusSeconds(300), List.of(ERRORS));
    assertEquals(1, repeat.size());
    assertTrue(repeat.get(0).repeat());
    assertEquals(T0, repeat.get(0).firstSeen());
    assertEquals(List.of(), tracker.update(T0.plusSeconds(330), List.of(ERRORS)));
    assertEquals(1, tracker.update(T0.plusSeconds(600), List.of(ERRORS)).size());
  }

  @Test
  void alertsAreTrackedEachOnTheirOwn() {
    tracker.update(T0, List.of(ERRORS));

    List<AlertNotice> notices = tracker.update(T0.plusSeconds(30), List.of(REDIS));

    assertEquals(2, notices.size());
    assertEquals("redis_connection", notices.get(0).alert().name());
    assertEquals(AlertNotice.FIRING, notices.get(0).status());
    assertEquals("high_error_rate", notices.get(1).alert().name());
    assertEquals(AlertNotice.RESOLVED, notices.get(1).status());
  }

  @Test
  void anAlertThatFiresAgainAfterResolvingIsSentAgain() {
    tracker.update(T0, List.of(ERRORS));
    tracker.update(T0.plusSeconds(30), List.of());

    List<AlertNotice> again = tracker.update(T0.plusSeconds(60), List.of(ERRORS));

    assertEquals(1, again.size());
    assertEquals(T0.plusSeconds(60), again.get(0).firstSeen());
  }

  @Test
  void theWebhookPayloadHasTheDocumentedFields() {
    JsonObject json = tracker.update(T0, List.of(ERRORS)).get(0).toJson();

    assertEquals("high_error_rate", json.getString("alert"));
    assertEquals("warning", json.getString("severity"));
    assertEquals("node-a", json.getString("node"));
    assertEquals("30 of 40 failed", json.getString("message"));
    assertEquals(0.75, json.getJsonNumber("value").doubleValue(), 1e-9);
    assertEquals(0.1, json.getJsonNumber("threshold").doubleValue(), 1e-9);
    assertEquals(T0.toString(), json.getString("first_seen"));
    assertEquals("firing", json.getString("status"));
  }
}
