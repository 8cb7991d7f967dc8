package org.docbatch.repository;

import static org.docbatch.repository.StepRecord.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * Step and partition executions in Redis. A step execution and its partitions share the hash tag of
 * the step execution id, so every write here is one single-slot command or script.
 */
final class StepStore {

  private static final byte[] ONE = utf8("1");
  private static final byte[] ZERO = utf8("0");

  private static final RedisScript SAVE = RedisScript.load("batch_save_step");

  private final UnifiedJedis redis;
  private final RedisKeys keys;
  private final PartitionRows partitions;

  StepStore(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
    this.partitions = new PartitionRows(redis, keys);
  }

  /** A new step execution id. */
  long newId() {
    return redis.incr(keys.batchIds("step"));
  }

  /**
   * Writes a step or partition execution; with {@code unlessStopping}, only when Redis does not
   * hold it as STOPPING (another node asked to stop it). Returns whether it was written.
   */
  boolean save(AbstractStepExecution step, boolean unlessStopping) {
    if (step instanceof PartitionExecutionImpl partition) {
      return savePartition(partition, unlessStopping);
    }
    StepRecord.Encoded encoded = StepRecord.encode(step);
    List<byte[]> args = new ArrayList<>();
    args.add(unlessStopping ? ONE : ZERO);
    args.add(ZERO);
    args.add(utf8(Integer.toString(encoded.pairs().size() / 2)));
    args.addAll(encoded.pairs());
    args.addAll(encoded.nulls());
    Object written =
        SAVE.runBinary(redis, List.of(utf8(keys.batchStep(step.getStepExecutionId()))), args);
    return Long.valueOf(1).equals(written);
  }

  /** Writes a new partition execution, listed under its step by its row, in one round trip. */
  void addPartition(PartitionExecutionImpl partition) {
    savePartition(partition, false);
  }

  /** A partition write encoded when asked for, sent later with others of its step. */
  record Write(PartitionExecutionImpl partition, PartitionRows.Encoded encoded) {}

  /** Encodes a partition write now (its state as it is now) to send with {@link #sendAll}. */
  Write deferredSave(PartitionExecutionImpl partition) {
    return new Write(partition, PartitionRows.encode(partition));
  }

  /**
   * Sends deferred writes of one step execution's partitions in one round trip and one script call:
   * a call per partition cost Redis more for the call than for the writes.
   */
  void sendAll(List<Write> writes) {
    if (writes.isEmpty()) {
      return;
    }
    long stepExecutionId = writes.get(0).partition().getStepExecutionId();
    List<PartitionRows.Encoded> rows = new ArrayList<>(writes.size());
    for (Write write : writes) {
      if (write.partition().getStepExecutionId() != stepExecutionId) {
        throw new IllegalArgumentException("partition writes of two step executions in one call");
      }
      rows.add(write.encoded());
    }
    partitions.save(stepExecutionId, rows, false);
  }

  private boolean savePartition(PartitionExecutionImpl partition, boolean unlessStopping) {
    return partitions.save(
            partition.getStepExecutionId(),
            List.of(PartitionRows.encode(partition)),
            unlessStopping)
        == 1;
  }

  /** Marks a STARTED step execution, and its STARTED partitions, STOPPING. */
  void markStopping(long stepExecutionId) {
    markStopping(keys.batchStep(stepExecutionId));
    partitions.markStopping(
        stepExecutionId,
        () -> {
          for (String partitionId : redis.smembers(keys.batchPartitions(stepExecutionId))) {
            markStopping(keys.batchPartition(stepExecutionId, Integer.parseInt(partitionId)));
          }
        });
  }

  StepExecutionImpl read(long stepExecutionId, ClassLoader loader) {
    Map<byte[], byte[]> hash = redis.hgetAll(utf8(keys.batchStep(stepExecutionId)));
    return hash.isEmpty() ? null : StepRecord.step(stepExecutionId, hash, loader);
  }

  List<StepExecutionImpl> readAll(List<Long> stepExecutionIds, ClassLoader loader) {
    List<StepExecutionImpl> result = new ArrayList<>();
    for (long id : stepExecutionIds) {
      StepExecutionImpl step = read(id, loader);
      if (step != null) {
        result.add(step);
      }
    }
    return result;
  }

  /** The step execution's partitions, by partition id. */
  List<PartitionExecutionImpl> readPartitions(long stepExecutionId, ClassLoader loader) {
    String stepName = redis.hget(keys.batchStep(stepExecutionId), StepRecord.NAME);
    return partitions.read(stepExecutionId, stepName, loader);
  }

  void remove(long stepExecutionId) {
    List<String> doomed = partitions.keysOf(stepExecutionId);
    doomed.add(keys.batchStep(stepExecutionId));
    // One DEL: every key here shares the step's hash tag.
    redis.del(doomed.toArray(String[]::new));
  }

  private void markStopping(String key) {
    SAVE.runBinary(redis, List.of(utf8(key)), List.of(ZERO, ONE, ZERO));
  }
}
