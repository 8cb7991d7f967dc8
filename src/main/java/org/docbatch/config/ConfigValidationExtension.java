package org.docbatch.config;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Validates the configuration before any bean exists ({@link BeforeBeanDiscovery}, the first event
 * of a deployment; MicroProfile Config's own injection checks come later), and stops the node when
 * it is invalid: one message ({@value ConfigValidator#INVALID}) listing every problem, a failed
 * deployment, and the JVM's exit with status {@value #EXIT_STATUS}. A failed deployment alone would
 * leave WildFly running with nothing deployed, a node that looks up but does nothing.
 *
 * <p>Registered in the WAR's {@code WEB-INF/classes/META-INF/services} (from {@code
 * src/main/webapp}), not in {@code src/main/resources}: the Jakarta Batch TCK runs Weld SE over the
 * test class path, where this extension must not run.
 */
public class ConfigValidationExtension implements Extension {

  /** {@code EX_CONFIG} of BSD's sysexits.h: "something was found in an unconfigured state". */
  public static final int EXIT_STATUS = 78;

  private static final Logger LOG = Logger.getLogger(ConfigValidationExtension.class.getName());

  /** Held so the level set on it stays (a logger nobody references may be collected). */
  private static final Logger DOCBATCH = Logger.getLogger("org.docbatch");

  void validate(@Observes BeforeBeanDiscovery event) {
    Config config = ConfigProvider.getConfig(ConfigValidationExtension.class.getClassLoader());
    List<Violation> fileProblems =
        java.util.stream.StreamSupport.stream(config.getConfigSources().spliterator(), false)
            .filter(FileConfigSource.class::isInstance)
            .map(FileConfigSource.class::cast)
            .flatMap(source -> source.problems().stream())
            .toList();
    List<Violation> problems = new ConfigValidator(ConfigLookup.of(config)).validate(fileProblems);
    if (!problems.isEmpty()) {
      String message = ConfigValidator.message(problems);
      LOG.severe(message);
      Thread exit = new Thread(ConfigValidationExtension::exitOnceBooted, "docbatch-config-exit");
      exit.start();
      throw new DeploymentException(
          "Invalid configuration: " + problems.size() + " problems, listed in the log above");
    }
    String level = config.getOptionalValue("log.level", String.class).orElse("INFO");
    DOCBATCH.setLevel(julLevel(level));
    LOG.info(
        () ->
            "DOCBATCH-0702 Configuration valid: profile "
                + Profile.selectedLabel()
                + ", config file "
                + config.getOptionalValue("config.file", String.class).orElse("none")
                + ", org.docbatch log level "
                + level);
  }

  /**
   * Exits the JVM once WildFly's boot has finished (its boot thread has reported the failed
   * deployment). Not from the deployment's thread: exiting runs WildFly's shutdown hook, which
   * waits for this very deployment to stop. Not at once either: a shutdown in the middle of the
   * boot fails every boot operation still queued, each with an error of its own in the log.
   */
  private static void exitOnceBooted() {
    try {
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().equals("Controller Boot Thread")) {
          thread.join(TimeUnit.MINUTES.toMillis(1));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(EXIT_STATUS);
  }

  /** JBoss LogManager's level names as java.util.logging levels of the same value. */
  static Level julLevel(String name) {
    return switch (name.trim()) {
      case "TRACE" -> Level.FINER;
      case "DEBUG" -> Level.FINE;
      case "WARN" -> Level.WARNING;
      case "ERROR" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }
}
