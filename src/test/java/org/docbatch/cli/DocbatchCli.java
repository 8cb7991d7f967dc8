package org.docbatch.cli;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.docbatch.testing.TestCredentials;

/**
 * Runs the real {@code bin/docbatch} as a separate process, as a script would, with its own
 * environment, and captures what it prints.
 */
final class DocbatchCli {

  /** The command line, from the project folder (failsafe's working directory). */
  static final Path SCRIPT = Path.of("bin", "docbatch").toAbsolutePath();

  private final Map<String, String> environment = new HashMap<>();
  private final Path work;
  private Path input = Path.of("/dev/null");

  /** A command line pointed at {@code url}, polling fast, writing its output under {@code work}. */
  DocbatchCli(String url, Path work) {
    this.work = work;
    environment.put("DOCBATCH_URL", url);
    environment.put("DOCBATCH_POLL_SECONDS", "0.2");
    environment.put("DOCBATCH_PROGRESS_SECONDS", "1");
    environment.put("DOCBATCH_API_KEY", TestCredentials.ADMIN_KEY);
  }

  DocbatchCli with(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /** Runs from now on read this file as their standard input. */
  DocbatchCli input(Path file) {
    input = file;
    return this;
  }

  /** What one run printed and how it ended. */
  record Run(int exitCode, String stdout, String stderr) {
    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(stdout))) {
        return reader.readObject();
      }
    }

    List<String> lines() {
      return stdout.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  Run run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(arguments));
    return exec(command);
  }

  /**
   * Runs the command line inside a pseudo-terminal ({@code script} from util-linux), as a person at
   * a terminal would; stdout and stderr then come mixed, as the terminal shows them.
   */
  Run runOnTerminal(String... arguments) {
    StringBuilder line = new StringBuilder(quote(SCRIPT.toString()));
    for (String argument : arguments) {
      line.append(' ').append(quote(argument));
    }
    return exec(
        List.of("script", "--quiet", "--return", "--command", line.toString(), "/dev/null"));
  }

  private Run exec(List<String> command) {
    try {
      Files.createDirectories(work);
      Path out = Files.createTempFile(work, "stdout", ".txt");
      Path err = Files.createTempFile(work, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
      builder.environment().keySet().removeIf(name -> name.startsWith("DOCBATCH_"));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("bin/docbatch still ran after 3 minutes: " + command);
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }
}
