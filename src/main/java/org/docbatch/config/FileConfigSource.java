package org.docbatch.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The configuration file named by {@code CONFIG_FILE} (or {@code -Dconfig.file}), read once when
 * MicroProfile Config assembles the deployment's configuration. Its ordinal ({@value #ORDINAL}) is
 * below environment variables (300) and system properties (400), so both override the file, and
 * above the {@link ProfileConfigSource profile}. A file that cannot be read or that holds unknown
 * keys gives what it could read plus its {@link #problems()}, which {@link ConfigValidator}
 * reports: it never fails here, where a failure would hide every other problem.
 */
public class FileConfigSource implements ConfigSource {

  public static final int ORDINAL = 250;

  private final String name;
  private final Map<String, String> values;
  private final List<Violation> problems;

  /** The file this JVM was started with, if any (found by MicroProfile Config's loader). */
  public FileConfigSource() {
    this(configuredFile());
  }

  FileConfigSource(String file) {
    if (file == null || file.isBlank()) {
      this.name = "config file (none)";
      this.values = Map.of();
      this.problems = List.of();
      return;
    }
    this.name = "config file " + file;
    Map<String, String> read = Map.of();
    List<Violation> found;
    try {
      ConfigShape.Flat flat = ConfigShape.flatten(ConfigFile.read(Path.of(file)), name);
      read = flat.values();
      found = flat.problems();
    } catch (ConfigFile.ConfigFileException e) {
      found = List.of(new Violation("config.file", file, "CONFIG_FILE", e.getMessage()));
    }
    this.values = Map.copyOf(read);
    this.problems = List.copyOf(found);
  }

  /** {@code -Dconfig.file}, else {@code CONFIG_FILE}. */
  static String configuredFile() {
    String property = System.getProperty("config.file");
    return property != null ? property : System.getenv("CONFIG_FILE");
  }

  /** What is wrong with the file itself: unreadable, not JSON or YAML, unknown keys. */
  public List<Violation> problems() {
    return problems;
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
