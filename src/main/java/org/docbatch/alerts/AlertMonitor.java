package org.docbatch.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.meters.JobMetrics;
import org.docbatch.meters.TaskCounts;
import org.docbatch.meters.TaskMetrics;
import org.docbatch.metrics.PerformanceLog;
import org.docbatch.metrics.QueueDepths;
import org.docbatch.metrics.RedisProbe;
import org.docbatch.metrics.SystemResources;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.FeatureFlags;
import org.docbatch.worker.pool.PartitionsOnNode;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Evaluates this node's alerts every {@code HEALTH_CHECK_INTERVAL} seconds: measures ({@link
 * NodeSample}), applies the {@link AlertRules}, de-duplicates ({@link AlertTracker}), then logs
 * each notice (DOCBATCH-0801 firing, -0802 resolved), counts it ({@code
 * docbatch_alerts_total{alert}}, once per start of firing) and, with {@code FEATURES_ALERTS=true}
 * and {@code ALERT_WEBHOOK_URL} set, POSTs it there off-thread. {@code FEATURES_MONITORING=false}
 * turns the evaluation off.
 */
@ApplicationScoped
public class AlertMonitor {

  private static final Logger LOG = Logger.getLogger(AlertMonitor.class.getName());

  @Inject NodeIdentity node;
  @Inject TaskMetrics tasks;
  @Inject JobMetrics jobs;
  @Inject QueueDepths queues;
  @Inject SystemResources system;
  @Inject RedisProbe redis;
  @Inject MeterRegistry registry;

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  /**
   * {@code HEALTH_CHECK_INTERVAL} and {@code FEATURES_MONITORING}: alerts are evaluated at the
   * performance log's pace, and not at all when monitoring is off.
   */
  @Inject PerformanceLog performanceLog;

  /** {@code FEATURES_ALERTS}: true sends alerts to {@code ALERT_WEBHOOK_URL}, as it is now. */
  @Inject FeatureFlags features;

  /** {@code ALERT_WEBHOOK_URL}: where alert notices are POSTed as JSON. */
  @Inject
  @ConfigProperty(name = "alert.webhook.url")
  Optional<String> webhookUrl;

  /** {@code ALERT_REPEAT_SECONDS}: a firing alert is sent again after this long. */
  @Inject
  @ConfigProperty(name = "alert.repeat.seconds", defaultValue = "300")
  long repeatSeconds;

  /** {@code MAX_ERROR_RATE}: failed over processed documents above which an alert fires. */
  @Inject PartitionsOnNode partitions;

  /** {@code ALERT_ERROR_WINDOW}: seconds over which the error rate is measured. */
  @Inject
  @ConfigProperty(name = "alert.error.window", defaultValue = "300")
  long errorWindowSeconds;

  /** {@code ALERT_ERROR_MIN_DOCUMENTS}: fewest documents in the window for the rate to count. */
  @Inject
  @ConfigProperty(name = "alert.error.min.documents", defaultValue = "20")
  long minDocuments;

  private AlertRules rules;
  private AlertTracker tracker;
  private AlertWebhook webhook;
  private ScheduledFuture<?> timer;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    rules =
        new AlertRules(
            AlertThresholds.of(
                partitions.maxErrorRate(),
                minDocuments,
                Duration.ofSeconds(errorWindowSeconds),
                queues.maxQueueSize()));
    tracker = new AlertTracker(node.id(), Duration.ofSeconds(repeatSeconds));
    // Evaluated even when monitoring is off at start: the flags may change while the node runs.
    if (webhookUrl.isPresent()) {
      webhook = new AlertWebhook(URI.create(webhookUrl.get()), threads);
    }
    long every = Math.max(1, performanceLog.intervalSeconds());
    timer = scheduler.scheduleWithFixedDelay(this::evaluate, every, every, TimeUnit.SECONDS);
    LOG.info(
        () ->
            "DOCBATCH-0805 Alerts evaluated every "
                + every
                + " s; webhook "
                + (webhook == null
                    ? "off (ALERT_WEBHOOK_URL not set)"
                    : features.alerts() ? webhookUrl.get() : "off until FEATURES_ALERTS is on")
                + (performanceLog.monitoring() ? "" : "; monitoring is off (FEATURES_MONITORING)"));
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  /** The alerts firing on this node now. */
  public Set<String> firing() {
    synchronized (this) {
      return tracker == null ? Set.of() : tracker.firing();
    }
  }

  void evaluate() {
    if (!performanceLog.monitoring()) {
      return;
    }
    try {
      NodeSample sample = measure();
      List<AlertNotice> notices;
      synchronized (this) {
        notices = tracker.update(sample.at(), rules.evaluate(sample));
      }
      notices.forEach(this::announce);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0804 Evaluating alerts failed");
    }
  }

  private NodeSample measure() {
    RedisProbe.Ping ping = redis.ping();
    TaskCounts counts = tasks.totals();
    Map<String, Long> queued = new LinkedHashMap<>();
    queues.snapshot().byType().forEach((type, depth) -> queued.put(type, depth.queued()));
    SystemResources.Usage usage = system.read();
    Map<String, Double> disks = new LinkedHashMap<>();
    usage.disks().forEach(disk -> disks.put(disk.folder(), disk.usedFraction()));
    return new NodeSample(
        Instant.now(),
        counts.processed(),
        counts.failed(),
        counts.retried(),
        counts.deadLettered(),
        jobs.jobs("rejected"),
        queued,
        usage.heapUsedFraction(),
        usage.memoryUsedFraction(),
        disks,
        ping.connected() ? null : String.valueOf(ping.error()),
        callbacksFailed());
  }

  /** Read by name: the callbacks' sender is a sibling of the alerts, not below them. */
  private long callbacksFailed() {
    var failed = registry.find("docbatch.webhook.deliveries").tag("outcome", "failed").counter();
    return failed == null ? 0 : (long) failed.count();
  }

  private void announce(AlertNotice notice) {
    Alert alert = notice.alert();
    if (notice.status().equals(AlertNotice.FIRING)) {
      if (!notice.repeat()) {
        registry.counter("docbatch.alerts", "alert", alert.name()).increment();
      }
      LOG.warning(
          () ->
              "DOCBATCH-0801 Alert "
                  + alert.name()
                  + " ("
                  + alert.severity().id()
                  + (notice.repeat() ? ", still firing since " + notice.firstSeen() : "")
                  + ") on node "
                  + notice.node()
                  + ": "
                  + alert.message());
    } else {
      LOG.info(
          () ->
              "DOCBATCH-0802 Alert "
                  + alert.name()
                  + " resolved on node "
                  + notice.node()
                  + " (firing since "
                  + notice.firstSeen()
                  + ")");
    }
    if (webhook != null && features.alerts()) {
      webhook.send(notice);
    }
  }
}
