package org.docbatch.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns each {@link NodeSample} into the alerts that hold now: the spec's worker failures, high
 * error rate, resource exhaustion, queue overflow and Redis connection issues. Pure: no clock but
 * the samples' own, no I/O.
 */
public final class AlertRules {

  private final AlertThresholds thresholds;
  private final ErrorRateWindow errors;
  private NodeSample previous;

  public AlertRules(AlertThresholds thresholds) {
    this.thresholds = thresholds;
    this.errors = new ErrorRateWindow(thresholds.errorWindow());
  }

  /** The alerts that hold at {@code sample}; samples come in time order. */
  public List<Alert> evaluate(NodeSample sample) {
    NodeSample before = previous == null ? sample : previous;
    previous = sample;
    errors.add(sample.at(), sample.processed(), sample.failed());
    List<Alert> alerts = new ArrayList<>();
    workerFailures(before, sample, alerts);
    errorRate(alerts);
    resources(sample, alerts);
    queues(before, sample, alerts);
    long callbacksFailed = sample.callbacksFailed() - before.callbacksFailed();
    if (callbacksFailed > 0) {
      alerts.add(
          new Alert(
              "callback_failing",
              Severity.WARNING,
              callbacksFailed
                  + " job callbacks were given up since the last check; see each job's"
                  + " deliveries (GET /api/jobs/{id}/deliveries) and DOCBATCH-1701",
              callbacksFailed,
              0));
    }
    if (sample.redisError() != null) {
      alerts.add(
          new Alert(
              "redis_connection",
              Severity.CRITICAL,
              "Redis does not answer PING: " + sample.redisError(),
              1,
              0));
    }
    return alerts;
  }

  private static void workerFailures(NodeSample before, NodeSample now, List<Alert> alerts) {
    long retried = now.retried() - before.retried();
    long dead = now.deadLettered() - before.deadLettered();
    if (retried + dead > 0) {
      alerts.add(
          new Alert(
              "worker_failure",
              dead > 0 ? Severity.CRITICAL : Severity.WARNING,
              (retried + dead)
                  + " partition runs crashed, timed out or lost their worker since the last check ("
                  + retried
                  + " queued again, "
                  + dead
                  + " dead-lettered)",
              retried + dead,
              0));
    }
  }

  private void errorRate(List<Alert> alerts) {
    OptionalDouble rate = errors.rate(thresholds.minDocuments());
    if (rate.isPresent() && rate.getAsDouble() > thresholds.maxErrorRate()) {
      alerts.add(
          new Alert(
              "high_error_rate",
              Severity.WARNING,
              String.format(
                  "%d of %d documents failed in the last %d s (%.0f%%, MAX_ERROR_RATE %.0f%%)",
                  errors.failed(),
                  errors.processed(),
                  thresholds.errorWindow().toSeconds(),
                  rate.getAsDouble() * 100,
                  thresholds.maxErrorRate() * 100),
              rate.getAsDouble(),
              thresholds.maxErrorRate()));
    }
  }

  private void resources(NodeSample sample, List<Alert> alerts) {
    double limit = thresholds.resourceUsed();
    if (sample.heapUsed() >= limit) {
      alerts.add(exhausted("heap_exhaustion", "the JVM heap", sample.heapUsed(), limit));
    }
    if (sample.memoryUsed() >= limit) {
      alerts.add(exhausted("memory_exhaustion", "system memory", sample.memoryUsed(), limit));
    }
    sample.diskUsed().entrySet().stream()
        .filter(disk -> disk.getValue() >= limit)
        .max(Map.Entry.comparingByValue())
        .ifPresent(
            disk ->
                alerts.add(
                    exhausted(
                        "disk_exhaustion",
                        "the disk of the " + disk.getKey() + " folder",
                        disk.getValue(),
                        limit)));
  }

  private static Alert exhausted(String name, String what, double used, double limit) {
    return new Alert(
        name,
        Severity.CRITICAL,
        String.format("%s is %.0f%% used (alert at %.0f%%)", what, used * 100, limit * 100),
        used,
        limit);
  }

  private void queues(NodeSample before, NodeSample now, List<Alert> alerts) {
    long limit = thresholds.maxQueueSize();
    long rejected = now.rejectedJobs() - before.rejectedJobs();
    var fullest = now.queued().entrySet().stream().max(Map.Entry.comparingByValue());
    long queued = fullest.map(Map.Entry::getValue).orElse(0L);
    if (queued >= thresholds.queueNear() * limit || rejected > 0) {
      String type = fullest.map(Map.Entry::getKey).orElse("?");
      alerts.add(
          new Alert(
              "queue_overflow",
              Severity.WARNING,
              "the "
                  + type
                  + " queue holds "
                  + queued
                  + " of at most "
                  + limit
                  + " documents (MAX_QUEUE_SIZE)"
                  + (rejected > 0 ? "; " + rejected + " jobs refused since the last check" : ""),
              queued,
              limit));
    }
  }
}
