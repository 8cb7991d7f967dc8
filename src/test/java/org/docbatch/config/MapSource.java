package org.docbatch.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** A config source of fixed values, standing in for the environment or system properties. */
record MapSource(String name, int ordinal, Map<String, String> values) implements ConfigSource {

  /** Environment variables as MicroProfile Config reads them (ordinal 300). */
  static MapSource environment(Map<String, String> values) {
    return new MapSource("environment", 300, values);
  }

  @Override
  public Set<String> getPropertyNames() {
    return values.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return values.get(propertyName);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int getOrdinal() {
    return ordinal;
  }
}
