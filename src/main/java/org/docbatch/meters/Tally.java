package org.docbatch.meters;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per key kept in this JVM beside the exported counters, so that the JSON summary and the
 * alerts can read them: a Micrometer counter read back through WildFly's composite registry is not
 * guaranteed to answer its own count.
 */
final class Tally {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String key, long amount) {
    counts.computeIfAbsent(key, k -> new LongAdder()).add(amount);
  }

  long get(String key) {
    LongAdder count = counts.get(key);
    return count == null ? 0 : count.sum();
  }

  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The counts by key, sorted by key. */
  Map<String, Long> byKey() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, count) -> copy.put(key, count.sum()));
    return copy;
  }
}
