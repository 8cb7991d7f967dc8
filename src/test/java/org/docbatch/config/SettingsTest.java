package org.docbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry against the code: every key the code reads is known, with the code's default. */
class SettingsTest {

  private static final Pattern CONFIG_PROPERTY =
      Pattern.compile(
          "@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");

  @Test
  void everyInjectedKeyIsInTheRegistryWithTheSameDefault() throws Exception {
    List<String> checked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = CONFIG_PROPERTY.matcher(Files.readString(file));
        while (matcher.find()) {
          String key = matcher.group(1);
          Setting setting =
              Settings.find(key)
                  .orElseThrow(
                      () -> new AssertionError(key + " (" + file + ") is not in Settings"));
          if (matcher.group(2) != null) {
            assertEquals(
                normal(matcher.group(2)), normal(setting.defaultValue()), key + " in " + file);
          }
          checked.add(key);
        }
      }
    }
    assertTrue(checked.size() >= 20, "found " + checked);
  }

  @Test
  void logLevelsMapToJavaUtilLoggingLevelsOfTheSameWeight() {
    assertEquals(Level.FINE, ConfigValidationExtension.julLevel("DEBUG"));
    assertEquals(Level.FINER, ConfigValidationExtension.julLevel("TRACE"));
    assertEquals(Level.WARNING, ConfigValidationExtension.julLevel("WARN"));
    assertEquals(Level.SEVERE, ConfigValidationExtension.julLevel("ERROR"));
    assertEquals(Level.INFO, ConfigValidationExtension.julLevel("INFO"));
  }

  private static String normal(String value) {
    try {
      return Double.toString(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
