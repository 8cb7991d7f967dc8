package org.docbatch.config;

import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** Finds a key's value and the source it came from, as MicroProfile Config resolves it. */
@FunctionalInterface
public interface ConfigLookup {

  /** A value and the name of its source. */
  record Found(String value, String source) {}

  Optional<Found> find(String key);

  /** The deployment's configuration. */
  static ConfigLookup of(Config config) {
    return key -> {
      try {
        ConfigValue value = config.getConfigValue(key);
        return value.getValue() == null
            ? Optional.empty()
            : Optional.of(new Found(value.getValue(), describe(value.getSourceName())));
      } catch (NoSuchElementException | IllegalArgumentException e) {
        // An expression in the value (${other.key}) that names nothing.
        return Optional.of(new Found("?", e.getMessage()));
      }
    };
  }

  /**
   * The highest-ordinal source that has the key: MicroProfile Config's own rule, for sources
   * assembled by hand (tests, the default-file writer).
   */
  static ConfigLookup of(List<ConfigSource> sources) {
    List<ConfigSource> byOrdinal =
        sources.stream()
            .sorted(Comparator.comparingInt(ConfigSource::getOrdinal).reversed())
            .toList();
    return key ->
        byOrdinal.stream()
            .filter(source -> source.getValue(key) != null)
            .findFirst()
            .map(source -> new Found(source.getValue(key), describe(source.getName())));
  }

  private static String describe(String sourceName) {
    if (sourceName == null) {
      return "default";
    }
    // SmallRye's names for the two standard sources, in an operator's words.
    if (sourceName.startsWith("EnvConfigSource")) {
      return "environment";
    }
    if (sourceName.startsWith("SysPropConfigSource")) {
      return "system property";
    }
    return sourceName;
  }
}
