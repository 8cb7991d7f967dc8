package org.docbatch.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.store.FeatureFlags;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logs the {@link PerformanceReport} summary every {@code HEALTH_CHECK_INTERVAL} seconds, one INFO
 * line starting with {@code Performance metrics} (the spec's log pattern) followed by the summary's
 * JSON; off with {@code FEATURES_MONITORING=false}.
 */
@ApplicationScoped
public class PerformanceLog {

  private static final Logger LOG = Logger.getLogger(PerformanceLog.class.getName());

  @Inject PerformanceReport report;

  @Resource ManagedScheduledExecutorService scheduler;

  /** {@code HEALTH_CHECK_INTERVAL}: seconds between log lines (and alert evaluations). */
  @Inject
  @ConfigProperty(name = "health.check.interval", defaultValue = "30")
  long intervalSeconds;

  /** {@code FEATURES_MONITORING}: false turns the periodic line off, also while the node runs. */
  @Inject FeatureFlags features;

  private ScheduledFuture<?> timer;

  /** {@code HEALTH_CHECK_INTERVAL} in seconds. */
  public long intervalSeconds() {
    return intervalSeconds;
  }

  /** {@code FEATURES_MONITORING} now. */
  public boolean monitoring() {
    return features.monitoring();
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // Scheduled even when monitoring is off: the flag may be turned on while the node runs.
    long every = Math.max(1, intervalSeconds);
    timer = scheduler.scheduleWithFixedDelay(this::log, every, every, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void log() {
    if (!monitoring()) {
      return;
    }
    try {
      // The last PING (the alert evaluation's) is reported: logging adds no Redis call but the
      // queue reading, which is cached.
      LOG.info("Performance metrics (DOCBATCH-0810) " + report.summary(false));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "logging performance metrics failed", e);
    }
  }
}
