package org.docbatch.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The configuration file named by {@code CONFIG_FILE} (or {@code -Dconfig.file}), read once when
 * MicroProfile Config assembles the deployment's configuration. Its ordinal ({@value #ORDINAL}) is
 * below environment variables (300) and system properties (400), so both override the file, and
 * above the {@link ProfileConfigSource profile}. A file that cannot be read or that holds unknown
 * keys gives what it could read plus its {@link #problems()}, which {@link ConfigValidator}
 * reports: it never fails here, where a failure would hide every other problem.
 */
public class FileConfigSource extends FixedValuesSource {

  public static final int ORDINAL = 250;

  private final List<Violation> problems;

  /** The file this JVM was started with, if any (found by MicroProfile Config's loader). */
  public FileConfigSource() {
    this(configuredFile());
  }

  FileConfigSource(String file) {
    this(Read.of(file));
  }

  private FileConfigSource(Read read) {
    super(read.name(), ORDINAL, read.values());
    this.problems = List.copyOf(read.problems());
  }

  /** What reading the file gave: its name as a source, its values and its problems. */
  private record Read(String name, Map<String, String> values, List<Violation> problems) {

    static Read of(String file) {
      if (file == null || file.isBlank()) {
        return new Read("config file (none)", Map.of(), List.of());
      }
      String name = "config file " + file;
      try {
        ConfigShape.Flat flat = ConfigShape.flatten(ConfigFile.read(Path.of(file)), name);
        return new Read(name, flat.values(), flat.problems());
      } catch (ConfigFile.ConfigFileException e) {
        return new Read(
            name,
            Map.of(),
            List.of(new Violation("config.file", file, "CONFIG_FILE", e.getMessage())));
      }
    }
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
}
