package org.docbatch.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** A configuration source whose values are fixed when it is made: a file read once, a profile. */
abstract class FixedValuesSource implements ConfigSource {

  private final String name;
  private final int ordinal;
  private final Map<String, String> values;

  FixedValuesSource(String name, int ordinal, Map<String, String> values) {
    this.name = name;
    this.ordinal = ordinal;
    this.values = Map.copyOf(values);
  }

  @Override
  public Map<String, String> getProperties() {
    return values;
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
