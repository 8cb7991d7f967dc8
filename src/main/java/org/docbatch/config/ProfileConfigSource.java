package org.docbatch.config;

import java.util.Map;

/**
 * The selected {@link Profile}'s defaults, below every other source (ordinal {@value #ORDINAL}: a
 * launcher's defaults are {@value LauncherDefaultsSource#ORDINAL}, the configuration file {@value
 * FileConfigSource#ORDINAL}, environment variables 300, system properties 400). An unknown profile
 * name gives no defaults; {@link ConfigValidator} reports it.
 */
public class ProfileConfigSource extends FixedValuesSource {

  public static final int ORDINAL = 150;

  /** The profile this JVM was started with (found by MicroProfile Config's service loader). */
  public ProfileConfigSource() {
    this(Profile.selectedLabel());
  }

  ProfileConfigSource(String label) {
    super(
        "profile " + label, ORDINAL, Profile.named(label).map(Profile::defaults).orElse(Map.of()));
  }
}
