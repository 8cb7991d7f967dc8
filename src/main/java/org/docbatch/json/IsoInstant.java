package org.docbatch.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The text {@link Instant#toString()} gives (ISO 8601 in UTC, the fraction in groups of three
 * digits, as many as needed), written without {@code DateTimeFormatter}: a worker stamps every
 * document's start and end, and the formatter's general machinery was a visible part of a fresh
 * node's first job (the JIT compiles it before anything else pays).
 */
public final class IsoInstant {

  private static final int SECONDS_PER_DAY = 86_400;

  private IsoInstant() {}

  /** Now, as {@code Instant.now().toString()} would say it. */
  public static String now() {
    return format(Instant.now());
  }

  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    if (day.getYear() < 0 || day.getYear() > 9999) {
      return instant.toString(); // a sign or a fifth digit: leave those to java.time
    }
    int ofDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    StringBuilder text = new StringBuilder(30);
    digits(text, day.getYear(), 4).append('-');
    digits(text, day.getMonthValue(), 2).append('-');
    digits(text, day.getDayOfMonth(), 2).append('T');
    digits(text, ofDay / 3600, 2).append(':');
    digits(text, ofDay / 60 % 60, 2).append(':');
    digits(text, ofDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      text.append('.');
      if (nanos % 1_000_000 == 0) {
        digits(text, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        digits(text, nanos / 1_000, 6);
      } else {
        digits(text, nanos, 9);
      }
    }
    return text.append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder text, int value, int width) {
    String number = Integer.toString(value);
    for (int pad = width - number.length(); pad > 0; pad--) {
      text.append('0');
    }
    return text.append(number);
  }
}
