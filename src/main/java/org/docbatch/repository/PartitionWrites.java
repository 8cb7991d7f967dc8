package org.docbatch.repository;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.PartitionExecutionImpl;

/**
 * How the repository writes step and partition executions: at once, held back per step execution
 * for a coordinator that creates and closes many partitions ({@link DeferredPartitionWrites}), or
 * not at all on a worker thread whose partition's row its coordinator writes. The contract is on
 * {@link RedisJobRepository#deferPartitionWrites} and {@link
 * RedisJobRepository#leavePartitionWritesToCoordinator}.
 */
final class PartitionWrites {

  private final StepStore steps;
  private final ConcurrentMap<Long, DeferredPartitionWrites> deferred = new ConcurrentHashMap<>();

  /** Whether this thread runs a dispatched partition, whose row its coordinator writes. */
  private final ThreadLocal<Boolean> coordinatorWritesPartitions = new ThreadLocal<>();

  PartitionWrites(StepStore steps) {
    this.steps = steps;
  }

  /** Writes a new partition execution, or holds the write back when its step defers them. */
  void add(PartitionExecutionImpl partition) {
    DeferredPartitionWrites pending = deferred.get(partition.getStepExecutionId());
    if (pending == null) {
      steps.addPartition(partition);
    } else if (pending.add(steps.deferredSave(partition))) {
      flush(partition.getStepExecutionId());
    }
  }

  void defer(long stepExecutionId) {
    deferred.putIfAbsent(stepExecutionId, new DeferredPartitionWrites());
  }

  void flush(long stepExecutionId) {
    DeferredPartitionWrites pending = deferred.get(stepExecutionId);
    if (pending != null) {
      steps.sendAll(pending.drain());
    }
  }

  void endDeferral(long stepExecutionId) {
    DeferredPartitionWrites pending = deferred.remove(stepExecutionId);
    if (pending != null) {
      steps.sendAll(pending.drain());
    }
  }

  void leaveToCoordinator() {
    coordinatorWritesPartitions.set(Boolean.TRUE);
  }

  void writeOnThisThread() {
    coordinatorWritesPartitions.remove();
  }

  /** {@code savePersistentData}: a step's row now, a partition's as its thread and step say. */
  void save(AbstractStepExecution step) {
    if (step instanceof PartitionExecutionImpl && leftToCoordinator()) {
      return;
    }
    DeferredPartitionWrites pending =
        step instanceof PartitionExecutionImpl ? deferred.get(step.getStepExecutionId()) : null;
    if (pending == null) {
      steps.save(step, false);
    } else if (pending.add(steps.deferredSave((PartitionExecutionImpl) step))) {
      flush(step.getStepExecutionId());
    }
  }

  /**
   * {@code savePersistentDataIfNotStopping}: 1 when written, or left to the partition's
   * coordinator; 0 when Redis holds the execution as STOPPING.
   */
  int saveIfNotStopping(AbstractStepExecution step) {
    if (step instanceof PartitionExecutionImpl && leftToCoordinator()) {
      return 1;
    }
    return steps.save(step, true) ? 1 : 0;
  }

  private boolean leftToCoordinator() {
    return coordinatorWritesPartitions.get() != null;
  }
}
