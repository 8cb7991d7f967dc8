package org.docbatch.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Failed over processed documents in a sliding window, from cumulative counts sampled at each
 * evaluation: the oldest sample kept is the last one at or before the window's start, so the rate
 * covers at least the whole window once the node has run that long.
 */
final class ErrorRateWindow {

  private record Sample(Instant at, long processed, long failed) {}

  private final Duration window;
  private final Deque<Sample> samples = new ArrayDeque<>();

  ErrorRateWindow(Duration window) {
    this.window = window;
  }

  void add(Instant at, long processed, long failed) {
    samples.addLast(new Sample(at, processed, failed));
    Instant start = at.minus(window);
    while (samples.size() > 1 && !firstAfterOldest().at().isAfter(start)) {
      samples.removeFirst();
    }
  }

  /** Documents processed in the window. */
  long processed() {
    return samples.isEmpty() ? 0 : samples.getLast().processed() - samples.getFirst().processed();
  }

  /** Documents failed in the window. */
  long failed() {
    return samples.isEmpty() ? 0 : samples.getLast().failed() - samples.getFirst().failed();
  }

  /** The rate, or empty while fewer than {@code minDocuments} were processed in the window. */
  OptionalDouble rate(long minDocuments) {
    long processed = processed();
    if (processed == 0 || processed < minDocuments) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) failed() / processed);
  }

  private Sample firstAfterOldest() {
    var iterator = samples.iterator();
    iterator.next();
    return iterator.next();
  }
}
