package org.docbatch.repository;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jberet.runtime.JobExecutionImpl;

/**
 * The job executions running in this JVM, by id. JBeret's operator casts what the repository
 * returns to {@link JobExecutionImpl} and calls {@code stop()} on it, so a running execution must
 * be answered with the very object its job runs on, not with a copy read from Redis.
 *
 * <p>Bounded by what runs: an entry goes when its execution ends, and values are weak so that an
 * execution whose end was never recorded (its thread died) does not stay here forever.
 */
final class LiveExecutions {

  private final ConcurrentMap<Long, Entry> byId = new ConcurrentHashMap<>();
  private final ReferenceQueue<JobExecutionImpl> collected = new ReferenceQueue<>();

  void add(JobExecutionImpl execution) {
    expunge();
    byId.put(execution.getExecutionId(), new Entry(execution, collected));
  }

  JobExecutionImpl get(long executionId) {
    Entry entry = byId.get(executionId);
    return entry == null ? null : entry.get();
  }

  void remove(long executionId) {
    byId.remove(executionId);
    expunge();
  }

  java.util.Set<Long> ids() {
    expunge();
    return java.util.Set.copyOf(byId.keySet());
  }

  int size() {
    expunge();
    return byId.size();
  }

  private void expunge() {
    for (Reference<? extends JobExecutionImpl> ref; (ref = collected.poll()) != null; ) {
      Entry entry = (Entry) ref;
      byId.remove(entry.executionId, entry);
    }
  }

  private static final class Entry extends WeakReference<JobExecutionImpl> {
    private final long executionId;

    Entry(JobExecutionImpl execution, ReferenceQueue<JobExecutionImpl> queue) {
      super(execution, queue);
      this.executionId = execution.getExecutionId();
    }
  }
}
