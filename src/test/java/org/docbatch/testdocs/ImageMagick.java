package org.docbatch.testdocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Image files as ImageMagick writes them, the way users make most TIFFs that are not straight from
 * a scanner. bin/lib/setup.sh installs Debian's {@code imagemagick} for the tests.
 */
public final class ImageMagick {

  private ImageMagick() {}

  /**
   * Runs {@code convert} with {@code arguments} and answers {@code output}, its last argument.
   *
   * @throws IllegalStateException when convert fails or is not installed
   */
  public static Path convert(Path output, String... arguments) {
    List<String> command = new ArrayList<>(List.of("convert"));
    command.addAll(List.of(arguments));
    command.add(output.toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed ("
                + said.strip()
                + "); the tests need ImageMagick: apt-get install imagemagick (bin/test does)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return output;
  }
}
