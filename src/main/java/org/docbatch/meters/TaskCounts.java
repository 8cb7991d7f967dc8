package org.docbatch.meters;

/**
 * Tasks of one worker type (or of all) on this node since it started.
 *
 * @param completed documents whose outcome this node's workers recorded as completed
 * @param failed documents whose outcome they recorded as failed (dead letters included)
 * @param retried runs that failed unexpectedly or lost their lease and were queued again
 * @param deadLettered partitions that used up their attempts
 * @param averageMillis mean processing time of the completed and failed ones
 */
public record TaskCounts(
    long completed, long failed, long retried, long deadLettered, double averageMillis) {

  /** Documents with an outcome. */
  public long processed() {
    return completed + failed;
  }
}
