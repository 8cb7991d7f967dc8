package org.docbatch.testing;

import java.util.OptionalDouble;

/** Reads series out of Prometheus's text format, as a test would look at a scrape. */
public final class PrometheusText {

  private final String text;

  public PrometheusText(String text) {
    this.text = text;
  }

  /**
   * The value of the first series called {@code name} whose labels include each of {@code labels}
   * (written {@code key="value"}), or empty if there is none.
   */
  public OptionalDouble value(String name, String... labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String series =
          brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      if (!series.equals(name)) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= line.substring(0, space).contains(label);
      }
      if (all) {
        return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
      }
    }
    return OptionalDouble.empty();
  }

  /** Whether any series is called {@code name}. */
  public boolean has(String name) {
    return value(name).isPresent();
  }

  @Override
  public String toString() {
    return text;
  }
}
