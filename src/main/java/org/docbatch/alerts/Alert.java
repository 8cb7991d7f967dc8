package org.docbatch.alerts;

/**
 * A condition that holds on this node now.
 *
 * @param name stable id, the {@code alert} label of {@code docbatch_alerts_total} and the webhook's
 *     {@code alert}: {@code worker_failure}, {@code high_error_rate}, {@code heap_exhaustion},
 *     {@code memory_exhaustion}, {@code disk_exhaustion}, {@code queue_overflow}, {@code
 *     redis_connection}
 * @param severity how urgent
 * @param message what is wrong, for a person
 * @param value the measured figure
 * @param threshold the figure it crossed
 */
public record Alert(
    String name, Severity severity, String message, double value, double threshold) {}
