package org.docbatch.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The defaults a launcher gives a node, as {@code DOCBATCH_DEFAULT_<NAME>} environment variables
 * ({@code bin/run}: its local Redis, folders under the checkout). They rank above the profile and
 * below the configuration file (ordinal {@value #ORDINAL}): a file's {@code redis_url} or {@code
 * document_root} is what the node uses, and only what the user set as {@code <NAME>} itself
 * overrides the file. {@code bin/run} exported its defaults as plain variables before, which
 * silently beat every file.
 */
public class LauncherDefaultsSource extends FixedValuesSource {

  public static final String PREFIX = "DOCBATCH_DEFAULT_";
  public static final int ORDINAL = 200;

  /** The launcher's defaults in this JVM's environment (found by MicroProfile Config's loader). */
  public LauncherDefaultsSource() {
    this(System.getenv());
  }

  LauncherDefaultsSource(Map<String, String> environment) {
    super("launcher defaults (" + PREFIX + "*)", ORDINAL, values(environment));
  }

  private static Map<String, String> values(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (Setting setting : Settings.all()) {
      String value = environment.get(PREFIX + setting.environmentName());
      if (value != null) {
        values.put(setting.key(), value);
      }
    }
    return values;
  }
}
