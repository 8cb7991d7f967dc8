package org.docbatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.docbatch.redis.RedisUrl;
import org.docbatch.s3.S3Location;

/**
 * One configuration key docbatch knows: its MicroProfile name ({@code ocr.min.workers}, read from
 * {@code OCR_MIN_WORKERS}, {@code -Docr.min.workers} or the configuration file), what kind of value
 * it takes and its default. {@link #problem} says why a value is not acceptable, in words an
 * operator can act on.
 *
 * @param key the MicroProfile Config name
 * @param kind what values it takes
 * @param defaultValue the value when no source sets it; {@code null} when unset means something
 *     else (e.g. derived from another key, see {@link #derivedFrom})
 * @param min smallest number allowed (numbers only)
 * @param max largest number allowed (numbers only)
 * @param minExclusive whether {@code min} itself is refused (a fraction in (0, 1])
 * @param allowed the values an {@link Kind#CHOICE} takes
 * @param derivedFrom the key whose value is the default when this one is unset, or {@code null}
 * @param inFile whether the configuration file may set it (false for keys read before the file is)
 */
public record Setting(
    String key,
    Kind kind,
    String defaultValue,
    double min,
    double max,
    boolean minExclusive,
    List<String> allowed,
    String derivedFrom,
    boolean inFile) {

  /** The kinds of values keys take. */
  public enum Kind {
    WHOLE_NUMBER,
    DECIMAL,
    BOOLEAN,
    TEXT,
    CHOICE,
    REDIS_URL,
    HTTP_URL,
    /** A folder, or an object storage prefix {@code s3://bucket/prefix}. */
    STORAGE_ROOT,
    /** Text never shown back: {@code GET /api/config} masks it. */
    SECRET
  }

  static Setting whole(String key, long defaultValue, long min, long max) {
    return new Setting(
        key,
        Kind.WHOLE_NUMBER,
        Long.toString(defaultValue),
        min,
        max,
        false,
        List.of(),
        null,
        true);
  }

  static Setting decimal(String key, double defaultValue, double min, double max) {
    return new Setting(
        key, Kind.DECIMAL, Double.toString(defaultValue), min, max, false, List.of(), null, true);
  }

  static Setting flag(String key, boolean defaultValue) {
    return new Setting(
        key, Kind.BOOLEAN, Boolean.toString(defaultValue), 0, 0, false, List.of(), null, true);
  }

  static Setting text(String key, String defaultValue) {
    return new Setting(key, Kind.TEXT, defaultValue, 0, 0, false, List.of(), null, true);
  }

  static Setting secret(String key) {
    return new Setting(key, Kind.SECRET, null, 0, 0, false, List.of(), null, true);
  }

  static Setting choice(String key, String defaultValue, String... allowed) {
    return new Setting(key, Kind.CHOICE, defaultValue, 0, 0, false, List.of(allowed), null, true);
  }

  /** A folder or {@code s3://bucket/prefix}. */
  static Setting root(String key, String defaultValue) {
    return new Setting(key, Kind.STORAGE_ROOT, defaultValue, 0, 0, false, List.of(), null, true);
  }

  static Setting url(String key, Kind kind, String defaultValue) {
    return new Setting(key, kind, defaultValue, 0, 0, false, List.of(), null, true);
  }

  Setting exclusiveMin() {
    return new Setting(key, kind, defaultValue, min, max, true, allowed, derivedFrom, inFile);
  }

  /** Unset, this key takes the value of {@code other}. */
  Setting defaultingTo(String other) {
    return new Setting(key, kind, null, min, max, minExclusive, allowed, other, inFile);
  }

  /** A key the configuration file may not set: it is read before the file is. */
  Setting notInFile() {
    return new Setting(
        key, kind, defaultValue, min, max, minExclusive, allowed, derivedFrom, false);
  }

  /** The environment variable MicroProfile Config reads this key from. */
  public String environmentName() {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** Why {@code raw} is not a value of this key, or empty when it is. */
  public Optional<String> problem(String raw) {
    String value = raw.trim();
    switch (kind) {
      case WHOLE_NUMBER:
        try {
          return range(Long.parseLong(value));
        } catch (NumberFormatException e) {
          return Optional.of("not a whole number");
        }
      case DECIMAL:
        try {
          double number = Double.parseDouble(value);
          return Double.isFinite(number) ? range(number) : Optional.of("not a finite number");
        } catch (NumberFormatException e) {
          return Optional.of("not a number");
        }
      case BOOLEAN:
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
            ? Optional.empty()
            : Optional.of("not true or false");
      case CHOICE:
        return allowed.contains(value)
            ? Optional.empty()
            : Optional.of("not one of " + String.join(", ", allowed));
      case REDIS_URL:
        try {
          RedisUrl.parse(value);
          return Optional.empty();
        } catch (IllegalArgumentException e) {
          return Optional.of(e.getMessage());
        }
      case HTTP_URL:
        return urlProblem(value, List.of("http", "https"));
      case STORAGE_ROOT:
        if (value.isEmpty()) {
          return Optional.of("empty");
        }
        try {
          if (S3Location.isS3(value)) {
            S3Location.parse(value);
          }
          return Optional.empty();
        } catch (IllegalArgumentException e) {
          return Optional.of(e.getMessage());
        }
      default:
        return value.isEmpty() ? Optional.of("empty") : Optional.empty();
    }
  }

  private Optional<String> range(double number) {
    boolean tooSmall = minExclusive ? number <= min : number < min;
    if (tooSmall || number > max) {
      return Optional.of(
          "out of range: allowed "
              + (minExclusive ? "(" : "[")
              + format(min)
              + ", "
              + format(max)
              + "]");
    }
    return Optional.empty();
  }

  private static String format(double number) {
    return number == Math.rint(number) && Math.abs(number) < 1e15
        ? Long.toString((long) number)
        : Double.toString(number);
  }

  private static Optional<String> urlProblem(String value, List<String> schemes) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.of("not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      return Optional.of("scheme must be " + String.join(" or ", schemes) + "://");
    }
    if (uri.getHost() == null) {
      return Optional.of("no host");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return Optional.of("port out of range: allowed [1, 65535]");
    }
    return Optional.empty();
  }
}
