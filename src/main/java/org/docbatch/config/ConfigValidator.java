package org.docbatch.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks every key docbatch knows ({@link Settings}) from every source, and the rules between keys,
 * before the application starts: a node with a wrong configuration refuses to start with one
 * message that lists every problem, rather than failing later on the first one it meets.
 */
public final class ConfigValidator {

  /** The message id of the start-up refusal. */
  public static final String INVALID = "DOCBATCH-0701";

  private final ConfigLookup lookup;

  public ConfigValidator(ConfigLookup lookup) {
    this.lookup = lookup;
  }

  /** Every problem: the file's own ({@code fileProblems}), each key's, and between keys. */
  public List<Violation> validate(List<Violation> fileProblems) {
    List<Violation> problems = new ArrayList<>(fileProblems);
    List<String> invalidKeys = new ArrayList<>();
    for (Setting setting : Settings.all()) {
      lookup
          .find(setting.key())
          .ifPresent(
              found ->
                  setting
                      .problem(found.value())
                      .ifPresent(
                          reason -> {
                            invalidKeys.add(setting.key());
                            problems.add(
                                new Violation(
                                    named(setting),
                                    Redaction.shown(setting, found.value()),
                                    found.source(),
                                    reason));
                          }));
    }
    Rules rules = new Rules(invalidKeys, problems);
    for (String type : Settings.WORKER_TYPES) {
      rules.below(type + ".min.workers", type + ".workers", false);
    }
    rules.minWorkersFit();
    externalTypes(problems);
    rules.below("node.heartbeat.interval", "node.timeout", true);
    rules.bearerTokensPinned();
    return problems;
  }

  /** Each external task type names a queue and a URL segment: a plain name, not a built-in type. */
  private void externalTypes(List<Violation> problems) {
    lookup
        .find("external.types")
        .ifPresent(
            found -> {
              for (String name : found.value().split(",")) {
                String type = name.trim();
                if (Settings.WORKER_TYPES.contains(type)
                    || !Settings.EXTERNAL_TYPE_NAME.matcher(type).matches()) {
                  problems.add(
                      new Violation(
                          "external.types (EXTERNAL_TYPES)",
                          found.value(),
                          found.source(),
                          "'"
                              + type
                              + "' is not a name for an external task type: a-z, 0-9 and _, at"
                              + " most 40 characters, starting with a letter, not a built-in"
                              + " worker type"));
                }
              }
            });
  }

  /** The one start-up message: every problem, one per line. */
  public static String message(List<Violation> problems) {
    return INVALID
        + " Invalid configuration, docbatch does not start ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "):\n"
        + problems.stream().map(p -> "  - " + p.describe()).collect(Collectors.joining("\n"));
  }

  private static String named(Setting setting) {
    return setting.key() + " (" + setting.environmentName() + ")";
  }

  /** Rules between keys, checked only when the keys involved are each valid. */
  private final class Rules {
    private final List<String> invalidKeys;
    private final List<Violation> problems;

    Rules(List<String> invalidKeys, List<Violation> problems) {
      this.invalidKeys = invalidKeys;
      this.problems = problems;
    }

    /** The effective whole number of {@code key}: its value, else its default. */
    Optional<Long> number(String key) {
      if (invalidKeys.contains(key)) {
        return Optional.empty();
      }
      Setting setting = Settings.find(key).orElseThrow();
      Optional<String> value = lookup.find(key).map(ConfigLookup.Found::value);
      if (value.isEmpty() && setting.derivedFrom() != null) {
        return number(setting.derivedFrom());
      }
      return Optional.ofNullable(value.orElse(setting.defaultValue()))
          .map(String::trim)
          .map(Double::parseDouble)
          .map(Math::round);
    }

    /**
     * {@code smaller} must not exceed {@code larger}; with {@code strictly}, must be below it (a
     * heartbeat as long as the timeout would let a live node look dead).
     */
    void below(String smaller, String larger, boolean strictly) {
      Optional<Long> low = number(smaller);
      Optional<Long> high = number(larger);
      if (low.isEmpty() || high.isEmpty()) {
        return;
      }
      if (low.get() > high.get() || (strictly && low.get().equals(high.get()))) {
        problems.add(
            new Violation(
                named(Settings.find(smaller).orElseThrow()),
                Long.toString(low.get()),
                source(smaller),
                (strictly ? "must be less than " : "more than ")
                    + larger
                    + " ("
                    + high.get()
                    + ")"));
      }
    }

    /** Every pool's minimum together must fit in {@code max.workers}. */
    void minWorkersFit() {
      boolean noop =
          lookup.find("noop.jobs.enabled").map(f -> f.value().trim()).stream()
              .anyMatch("true"::equalsIgnoreCase);
      long sum = 0;
      List<String> parts = new ArrayList<>();
      for (String type : Settings.WORKER_TYPES) {
        if (type.equals("noop") && !noop) {
          continue;
        }
        Optional<Long> min = number(type + ".min.workers");
        if (min.isEmpty()) {
          return;
        }
        sum += min.get();
        parts.add(type + " " + min.get());
      }
      Optional<Long> max = number("max.workers");
      if (max.isPresent() && sum > max.get()) {
        problems.add(
            new Violation(
                named(Settings.find("max.workers").orElseThrow()),
                Long.toString(max.get()),
                source("max.workers"),
                "less than the pools' min_workers together ("
                    + sum
                    + ": "
                    + String.join(", ", parts)
                    + ")"));
      }
    }

    /**
     * A key for bearer tokens needs the issuer and audience they must name, or a token any service
     * of the same identity provider got would do (issue 22); an HS256 secret needs 32 bytes.
     */
    void bearerTokensPinned() {
      Optional<String> secret = set("auth.jwt.secret");
      if (secret.isEmpty() && set("auth.jwt.public.key.file").isEmpty()) {
        return;
      }
      for (String key : List.of("auth.jwt.issuer", "auth.jwt.audience")) {
        if (set(key).isEmpty()) {
          problems.add(
              new Violation(
                  named(Settings.find(key).orElseThrow()),
                  null,
                  null,
                  "must be set when AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY_FILE is: tokens are"
                      + " accepted only from one issuer, for this service"));
        }
      }
      int bytes = secret.map(s -> s.getBytes(StandardCharsets.UTF_8).length).orElse(32);
      if (bytes < 32) {
        problems.add(
            new Violation(
                named(Settings.find("auth.jwt.secret").orElseThrow()),
                Redaction.MASK,
                source("auth.jwt.secret"),
                "has "
                    + bytes
                    + " bytes; an HS256 secret needs at least 32 (openssl rand -base64 48 makes"
                    + " one)"));
      }
    }

    private Optional<String> set(String key) {
      return lookup.find(key).map(ConfigLookup.Found::value).filter(value -> !value.isBlank());
    }

    private String source(String key) {
      return lookup.find(key).map(ConfigLookup.Found::source).orElse("default");
    }
  }
}
