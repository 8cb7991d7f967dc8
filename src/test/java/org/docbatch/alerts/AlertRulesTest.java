package org.docbatch.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final AlertRules rules =
      new AlertRules(AlertThresholds.of(0.1, 20, Duration.ofSeconds(60), 1000));

  @Test
  void oneFailedDocumentOfOneDoesNotAlert() {
    rules.evaluate(sample(0, 0, 0));

    List<Alert> alerts = rules.evaluate(sample(10, 1, 1));

    assertEquals(List.of(), names(alerts));
  }

  @Test
  void errorRateAboveTheLimitOverEnoughDocumentsAlertsAndClearsWhenTheWindowMovesOn() {
    rules.evaluate(sample(0, 0, 0));

    List<Alert> failing = rules.evaluate(sample(30, 40, 30));
    assertEquals(List.of("high_error_rate"), names(failing));
    assertEquals(0.75, failing.get(0).value(), 1e-9);
    assertEquals(0.1, failing.get(0).threshold(), 1e-9);
    assertTrue(failing.get(0).message().contains("30 of 40"), failing.get(0).message());

    // Then 100 good documents: 30 failed of 140 in the window, still above 10%.
    assertEquals(List.of("high_error_rate"), names(rules.evaluate(sample(60, 140, 30))));
    // A minute later the window holds only the good ones.
    assertEquals(List.of(), names(rules.evaluate(sample(120, 240, 30))));
  }

  @Test
  void errorRateAtTheLimitDoesNotAlert() {
    rules.evaluate(sample(0, 0, 0));

    assertEquals(List.of(), names(rules.evaluate(sample(30, 100, 10))));
  }

  @Test
  void retriesAndDeadLettersSinceTheLastCheckAreWorkerFailures() {
    rules.evaluate(sample(0, 0, 0));

    Alert retried = rules.evaluate(withFailures(30, 2, 0)).get(0);
    assertEquals("worker_failure", retried.name());
    assertEquals(Severity.WARNING, retried.severity());

    Alert dead = rules.evaluate(withFailures(60, 2, 1)).get(0);
    assertEquals(Severity.CRITICAL, dead.severity());
    assertEquals(1, dead.value(), 1e-9);

    assertEquals(List.of(), names(rules.evaluate(withFailures(90, 2, 1))));
  }

  @Test
  void aQueueNearItsLimitOrARefusedJobIsAnOverflow() {
    rules.evaluate(sample(0, 0, 0));
    NodeSample near =
        new NodeSample(
            T0.plusSeconds(30),
            0,
            0,
            0,
            0,
            0,
            Map.of("ocr", 950L, "nlp", 3L),
            0.5,
            0.5,
            Map.of(),
            null,
            0);
    Alert overflow = rules.evaluate(near).get(0);
    assertEquals("queue_overflow", overflow.name());
    assertTrue(overflow.message().contains("ocr queue holds 950"), overflow.message());

    NodeSample refused =
        new NodeSample(
            T0.plusSeconds(60), 0, 0, 0, 0, 1, Map.of("ocr", 10L), 0.5, 0.5, Map.of(), null, 0);
    assertEquals(List.of("queue_overflow"), names(rules.evaluate(refused)));
  }

  @Test
  void exhaustedResourcesAndALostRedisAreCritical() {
    NodeSample bad =
        new NodeSample(
            T0,
            0,
            0,
            0,
            0,
            0,
            Map.of(),
            0.95,
            0.92,
            Map.of("output", 0.97, "documents", 0.5),
            "Connection refused",
            0);

    List<Alert> alerts = rules.evaluate(bad);

    assertEquals(
        List.of("heap_exhaustion", "memory_exhaustion", "disk_exhaustion", "redis_connection"),
        names(alerts));
    assertTrue(alerts.stream().allMatch(a -> a.severity() == Severity.CRITICAL));
    assertTrue(alerts.get(2).message().contains("output"), alerts.get(2).message());
  }

  @Test
  void callbacksGivenUpSinceTheLastCheckAlert() {
    rules.evaluate(withCallbacksFailed(0, 0));

    Alert failing = rules.evaluate(withCallbacksFailed(30, 3)).get(0);

    assertEquals("callback_failing", failing.name());
    assertEquals(Severity.WARNING, failing.severity());
    assertEquals(3, failing.value(), 1e-9);
    assertEquals(List.of(), names(rules.evaluate(withCallbacksFailed(60, 3))));
  }

  @Test
  void unknownFiguresDoNotAlert() {
    NodeSample unknown =
        new NodeSample(T0, 0, 0, 0, 0, 0, Map.of(), -1, -1, Map.of("output", -1.0), null, 0);

    assertEquals(List.of(), names(rules.evaluate(unknown)));
  }

  private static NodeSample sample(long seconds, long processed, long failed) {
    return new NodeSample(
        T0.plusSeconds(seconds), processed, failed, 0, 0, 0, Map.of(), 0.5, 0.5, Map.of(), null, 0);
  }

  private static NodeSample withFailures(long seconds, long retried, long dead) {
    return new NodeSample(
        T0.plusSeconds(seconds), 0, 0, retried, dead, 0, Map.of(), 0.5, 0.5, Map.of(), null, 0);
  }

  private static NodeSample withCallbacksFailed(long seconds, long failed) {
    return new NodeSample(
        T0.plusSeconds(seconds), 0, 0, 0, 0, 0, Map.of(), 0.5, 0.5, Map.of(), null, failed);
  }

  private static List<String> names(List<Alert> alerts) {
    return alerts.stream().map(Alert::name).toList();
  }
}
