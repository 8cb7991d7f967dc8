package org.docbatch.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * What one evaluation measured on this node. Counts are totals since the node started; the rules
 * take differences between samples.
 *
 * @param at when
 * @param processed documents whose outcome this node's workers recorded
 * @param failed those that failed
 * @param retried partition runs that failed unexpectedly or lost their lease and were queued again
 * @param deadLettered partitions that used up their attempts
 * @param rejectedJobs jobs refused because their queue was full
 * @param queued waiting and delayed partitions per worker type, cluster-wide
 * @param heapUsed fraction of the JVM's maximum heap in use, -1 if unknown
 * @param memoryUsed fraction of the machine's memory not available, -1 if unknown
 * @param diskUsed fraction used of each data folder's disk, by folder name
 * @param redisError why PING failed, null when Redis answered
 * @param callbacksFailed job callbacks this node gave up delivering
 */
public record NodeSample(
    Instant at,
    long processed,
    long failed,
    long retried,
    long deadLettered,
    long rejectedJobs,
    Map<String, Long> queued,
    double heapUsed,
    double memoryUsed,
    Map<String, Double> diskUsed,
    String redisError,
    long callbacksFailed) {}
