package org.docbatch.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The selected {@link Profile}'s defaults, below every other source (ordinal {@value #ORDINAL}: the
 * configuration file is {@value FileConfigSource#ORDINAL}, environment variables 300, system
 * properties 400). An unknown profile name gives no defaults; {@link ConfigValidator} reports it.
 */
public class ProfileConfigSource implements ConfigSource {

  public static final int ORDINAL = 150;

  private final String name;
  private final Map<String, String> values;

  /** The profile this JVM was started with (found by MicroProfile Config's service loader). */
  public ProfileConfigSource() {
    this(Profile.selectedLabel());
  }

  ProfileConfigSource(String label) {
    this.name = "profile " + label;
    this.values = Profile.named(label).map(Profile::defaults).orElse(Map.of());
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
    return ORDINAL;
  }
}
