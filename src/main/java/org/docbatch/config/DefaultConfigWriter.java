package org.docbatch.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the default configuration file without a server: {@code bin/run --write-default-config
 * config.yaml} (JSON or YAML by the name's extension). Refuses to overwrite an existing file.
 */
public final class DefaultConfigWriter {

  private DefaultConfigWriter() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: DefaultConfigWriter <config.json|config.yaml|config.yml>");
      System.exit(2);
    }
    try {
      Path written = write(Path.of(args[0]));
      System.out.println("docbatch: wrote the default configuration to " + written);
    } catch (IOException | ConfigFile.ConfigFileException e) {
      System.err.println("docbatch: " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
  }

  /** Writes the defaults to {@code file}, which must not exist yet. */
  public static Path write(Path file) throws IOException, ConfigFile.ConfigFileException {
    ConfigFile.Format format = ConfigFile.Format.of(file.getFileName().toString());
    if (Files.exists(file)) {
      throw new IOException("exists already; remove it first or choose another name");
    }
    return Files.writeString(
        file,
        ConfigFile.write(ConfigDocument.defaults(), format),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE_NEW);
  }
}
