package org.docbatch.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A set of defaults for one kind of environment, chosen by {@code DOCBATCH_PROFILE} (or {@code
 * -Ddocbatch.profile}). A profile only changes defaults: the configuration file, environment
 * variables and system properties override it ({@link ProfileConfigSource} has the lowest ordinal).
 * The console log format of each profile is also chosen in {@code wildfly-config/server.cli}, which
 * the server reads before any application code runs: keep the two in step.
 */
public enum Profile {
  /**
   * A developer's machine: readable logs with docbatch's debug messages, small pools, and the API
   * open without credentials (the node says so loudly as it starts).
   */
  DEVELOPMENT(
      Map.ofEntries(
          Map.entry("auth.enabled", "false"),
          Map.entry("log.level", "DEBUG"),
          Map.entry("max.workers", "10"),
          Map.entry("validation.workers", "2"),
          Map.entry("preprocessing.workers", "2"),
          Map.entry("ocr.workers", "2"),
          Map.entry("nlp.workers", "1"),
          Map.entry("noop.workers", "2"))),
  /** Automated tests: small pools and short intervals, so that failures show quickly. */
  TESTING(
      Map.ofEntries(
          Map.entry("max.workers", "10"),
          Map.entry("validation.workers", "2"),
          Map.entry("preprocessing.workers", "2"),
          Map.entry("ocr.workers", "2"),
          Map.entry("nlp.workers", "1"),
          Map.entry("noop.workers", "2"),
          Map.entry("node.heartbeat.interval", "1"),
          Map.entry("node.timeout", "5"),
          Map.entry("health.check.interval", "5"),
          Map.entry("autoscaling.interval", "5"),
          Map.entry("alert.repeat.seconds", "10"),
          Map.entry("shutdown.grace.seconds", "5"))),
  /** A server: the spec's defaults, JSON logs for a log shipper, alerts on. */
  PRODUCTION(Map.of("log.format", "json", "features.alerts", "true"));

  /**
   * The profile of a node that names none: a node started bare (a container, a service unit, {@code
   * java -jar}) is most likely a server, and must not run with debug logging or small pools by
   * accident. {@code bin/run}, the command for a developer's machine, picks development.
   */
  public static final Profile DEFAULT = PRODUCTION;

  private final Map<String, String> defaults;

  Profile(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  /** The profile's defaults, by MicroProfile key. */
  public Map<String, String> defaults() {
    return defaults;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String[] labels() {
    return Arrays.stream(values()).map(Profile::label).toArray(String[]::new);
  }

  /** The profile named {@code label} ({@code development}, {@code testing}, {@code production}). */
  public static Optional<Profile> named(String label) {
    return Arrays.stream(values()).filter(p -> p.label().equals(label.trim())).findFirst();
  }

  /**
   * The name this JVM was started with: {@code -Ddocbatch.profile}, else {@code DOCBATCH_PROFILE},
   * else {@code ENVIRONMENT} (the spec's name for it), else the default's. Read directly, as the
   * profile decides part of the configuration.
   */
  public static String selectedLabel() {
    String property = System.getProperty("docbatch.profile");
    if (property != null) {
      return property;
    }
    String env = System.getenv("DOCBATCH_PROFILE");
    if (env == null) {
      env = System.getenv("ENVIRONMENT");
    }
    return env != null ? env : DEFAULT.label();
  }
}
