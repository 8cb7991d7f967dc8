package org.docbatch.worker.document;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.docbatch.worker.spi.DocumentException;

/**
 * Typed access to a job's options, with the default next to each use. A wrongly typed option fails
 * the document with {@code bad_option} naming the option, instead of being silently ignored.
 */
public final class JobOptions {

  private final JsonObject options;

  public JobOptions(JsonObject options) {
    this.options = options == null ? JsonValue.EMPTY_JSON_OBJECT : options;
  }

  public boolean flag(String name, boolean defaultValue) throws DocumentException {
    JsonValue value = options.get(name);
    if (value == null || value == JsonValue.NULL) {
      return defaultValue;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw badOption(name, "must be true or false", value);
  }

  /**
   * @throws DocumentException {@code bad_option} unless the value is a number in [min, max]
   */
  public double number(String name, double defaultValue, double min, double max)
      throws DocumentException {
    JsonValue value = options.get(name);
    if (value == null || value == JsonValue.NULL) {
      return defaultValue;
    }
    if (!(value instanceof JsonNumber number)) {
      throw badOption(name, "must be a number", value);
    }
    double result = number.doubleValue();
    if (!(result >= min && result <= max)) {
      throw badOption(name, "must be between " + plain(min) + " and " + plain(max), value);
    }
    return result;
  }

  /** Like {@link #number} but whole numbers only. */
  public int integer(String name, int defaultValue, int min, int max) throws DocumentException {
    double result = number(name, defaultValue, min, max);
    if (result != Math.rint(result)) {
      throw badOption(name, "must be a whole number", options.get(name));
    }
    return (int) result;
  }

  private static DocumentException badOption(String name, String rule, JsonValue value) {
    return new DocumentException(
        "bad_option", "The job option " + name + " " + rule + " (got " + value + ").");
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
