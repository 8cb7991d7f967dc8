package org.docbatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM options file every node starts with is one this JVM reads without a complaint. */
class JvmOptionsTest {

  private static final Path OPTIONS = Path.of("wildfly-config", "jvm.options");

  @Test
  void theJvmTakesEveryOptionOfTheFile() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(java, "@" + OPTIONS.toAbsolutePath(), "-version")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    // A CompileCommand the JVM cannot parse is reported, not fatal: the output must be quiet.
    assertFalse(output.toLowerCase().contains("error"), output);
    assertFalse(output.contains("CompileCommand"), output);
  }

  @Test
  void everyLineIsAnOptionOrAComment() throws Exception {
    List<String> lines = Files.readAllLines(OPTIONS);
    for (String line : lines) {
      String option = line.replaceFirst("#.*", "").strip();
      assertTrue(option.isEmpty() || option.matches("-\\S+"), "not one option: " + line);
    }
  }
}
