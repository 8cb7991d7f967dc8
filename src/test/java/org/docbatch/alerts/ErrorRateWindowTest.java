package org.docbatch.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErrorRateWindowTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void theRateCoversTheWholeWindowFromTheLastSampleBeforeIt() {
    ErrorRateWindow window = new ErrorRateWindow(Duration.ofSeconds(60));
    window.add(T0, 0, 0);
    window.add(T0.plusSeconds(30), 50, 10);
    window.add(T0.plusSeconds(60), 100, 10);

    assertEquals(100, window.processed());
    assertEquals(0.1, window.rate(20).getAsDouble(), 1e-9);

    window.add(T0.plusSeconds(90), 150, 10);
    // From the sample at 30 s, the last one at or before the window's start.
    assertEquals(100, window.processed());
    assertEquals(0, window.failed());
  }

  @Test
  void tooFewDocumentsHaveNoRate() {
    ErrorRateWindow window = new ErrorRateWindow(Duration.ofSeconds(60));
    window.add(T0, 0, 0);
    window.add(T0.plusSeconds(30), 19, 19);

    assertTrue(window.rate(20).isEmpty());
    assertTrue(new ErrorRateWindow(Duration.ofSeconds(60)).rate(0).isEmpty());
  }
}
