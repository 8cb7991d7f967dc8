package org.docbatch.config;

import java.util.Map;
import java.util.Optional;

/**
 * The configuration as a file of the spec's shape: every default (what {@code GET
 * /api/config/default} and {@code bin/run --write-default-config} give, a file docbatch reads back
 * unchanged), or the node's effective values (what {@code GET /api/config} gives, with passwords
 * masked).
 */
public final class ConfigDocument {

  private ConfigDocument() {}

  /** Every key at its default; a key whose default is another key's takes that key's default. */
  public static Map<String, Object> defaults() {
    return ConfigShape.tree(key -> defaultOf(key, ConfigDocument::noValue));
  }

  /** Every key at its value on this node (set, or default), secrets masked. */
  public static Map<String, Object> effective(ConfigLookup lookup) {
    return ConfigShape.tree(
        key -> {
          Optional<String> set = lookup.find(key).map(ConfigLookup.Found::value);
          String value =
              set.orElseGet(
                  () -> defaultOf(key, other -> lookup.find(other).map(ConfigLookup.Found::value)));
          return Redaction.shown(Settings.find(key).orElseThrow(), value);
        });
  }

  private static Optional<String> noValue(String key) {
    return Optional.empty();
  }

  private static String defaultOf(
      String key, java.util.function.Function<String, Optional<String>> setElsewhere) {
    Setting setting = Settings.find(key).orElseThrow();
    if (setting.derivedFrom() != null) {
      return setElsewhere
          .apply(setting.derivedFrom())
          .orElseGet(() -> defaultOf(setting.derivedFrom(), setElsewhere));
    }
    return setting.defaultValue();
  }

  /** {@code redis://user:secret@host} as {@code redis://user:****@host}; see {@link Redaction}. */
  static String maskPassword(String url) {
    return Redaction.redisUrl(url);
  }
}
