package org.docbatch.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  @Test
  void saysWhatInstantToStringSaysForEveryPrecision() {
    for (String text :
        new String[] {
          "1970-01-01T00:00:00Z",
          "2026-12-08T01:02:03Z",
          "2026-12-08T01:02:03.100Z",
          "2026-12-08T01:02:03.000100Z",
          "2026-12-08T01:02:03.000000001Z",
          "2024-02-29T23:59:59.999999999Z",
          "0001-01-01T00:00:00Z",
          "1969-12-31T23:59:59.5Z",
          "9999-12-31T23:59:59.123456Z",
          "+10000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z"
        }) {
      Instant instant = Instant.parse(text);
      assertEquals(instant.toString(), IsoInstant.format(instant));
    }
  }

  @Test
  void agreesWithInstantToStringOnManyRandomInstants() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      int precision = pick(random);
      int nanos =
          random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000) / precision * precision;
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L), nanos);
      assertEquals(instant.toString(), IsoInstant.format(instant));
    }
  }

  @Test
  void nowIsAnInstantOfNow() {
    Instant before = Instant.now();
    Instant now = Instant.parse(IsoInstant.now());
    assertFalse(now.isBefore(before), now + " is before " + before);
    assertTrue(now.isBefore(Instant.now().plusNanos(1)), now + " is after now");
  }

  /** A precision in nanoseconds, so that milli-, micro- and nanosecond fractions all come up. */
  private static int pick(SplittableRandom random) {
    return new int[] {1, 1_000, 1_000_000}[random.nextInt(3)];
  }
}
