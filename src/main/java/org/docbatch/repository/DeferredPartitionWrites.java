package org.docbatch.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * Partition writes of one step execution held back and sent together: a coordinator that creates
 * and closes thousands of partitions on one thread pays a round trip per batch instead of one per
 * partition. Whoever asked for the deferral flushes before workers may look (the dispatcher, before
 * it queues the partitions) and at the end of the step; at most {@value #MAX} are held.
 */
final class DeferredPartitionWrites {

  static final int MAX = 256;

  private final List<StepStore.Write> writes = new ArrayList<>();

  /** Adds a write; returns true when the batch is full and should be sent. */
  synchronized boolean add(StepStore.Write write) {
    writes.add(write);
    return writes.size() >= MAX;
  }

  synchronized List<StepStore.Write> drain() {
    List<StepStore.Write> drained = new ArrayList<>(writes);
    writes.clear();
    return drained;
  }
}
