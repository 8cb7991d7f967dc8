package org.docbatch.alerts;

import java.time.Duration;

/**
 * When a measurement becomes an alert.
 *
 * @param maxErrorRate {@code MAX_ERROR_RATE}: failed over processed documents in {@code
 *     errorWindow} above which {@code high_error_rate} fires
 * @param minDocuments fewest documents processed in the window before the error rate counts, so
 *     that one failed document of one does not alert ({@code ALERT_ERROR_MIN_DOCUMENTS})
 * @param errorWindow how far back the error rate looks ({@code ALERT_ERROR_WINDOW})
 * @param maxQueueSize {@code MAX_QUEUE_SIZE}
 * @param queueNear fraction of {@code maxQueueSize} at which a queue counts as overflowing
 * @param resourceUsed fraction of heap, system memory or a data disk used at which it counts as
 *     exhausted
 */
public record AlertThresholds(
    double maxErrorRate,
    long minDocuments,
    Duration errorWindow,
    int maxQueueSize,
    double queueNear,
    double resourceUsed) {

  /** The fixed parts: a queue at 90% of its limit, a resource 90% used. */
  public static AlertThresholds of(
      double maxErrorRate, long minDocuments, Duration errorWindow, int maxQueueSize) {
    return new AlertThresholds(maxErrorRate, minDocuments, errorWindow, maxQueueSize, 0.9, 0.9);
  }
}
