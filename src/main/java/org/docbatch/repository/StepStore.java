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
  private static final RedisScript SAVE_PARTITIONS = RedisScript.load("batch_save_partitions");

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  StepStore(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
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
    return save(step, unlessStopping, false);
  }

  /** Writes a new partition execution and lists it under its step, in one round trip. */
  void addPartition(PartitionExecutionImpl partition) {
    save(partition, false, true);
  }

  /** A partition write encoded when asked for, sent later with others of its step. */
  record Write(PartitionExecutionImpl partition, boolean isNew, StepRecord.Encoded encoded) {}

  /**
   * Encodes a partition write now (its state as it is now) to send with {@link #sendAll}.
   *
   * @param isNew whether the partition is new: it is then listed under its step
   */
  Write deferredSave(PartitionExecutionImpl partition, boolean isNew) {
    return new Write(partition, isNew, StepRecord.encode(partition));
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
    List<byte[]> saveKeys = new ArrayList<>(writes.size() + 1);
    saveKeys.add(utf8(keys.batchPartitions(stepExecutionId)));
    List<byte[]> args = new ArrayList<>();
    for (Write write : writes) {
      PartitionExecutionImpl partition = write.partition();
      if (partition.getStepExecutionId() != stepExecutionId) {
        throw new IllegalArgumentException("partition writes of two step executions in one call");
      }
      saveKeys.add(key(partition));
      args.add(write.isNew() ? ONE : ZERO);
      args.add(utf8(Integer.toString(partition.getPartitionId())));
      args.add(utf8(Integer.toString(write.encoded().pairs().size() / 2)));
      args.add(utf8(Integer.toString(write.encoded().nulls().size())));
      args.addAll(write.encoded().pairs());
      args.addAll(write.encoded().nulls());
    }
    SAVE_PARTITIONS.runBinary(redis, saveKeys, args);
  }

  private boolean save(AbstractStepExecution step, boolean unlessStopping, boolean listPartition) {
    StepRecord.Encoded encoded = StepRecord.encode(step);
    List<byte[]> args = new ArrayList<>();
    args.add(unlessStopping ? ONE : ZERO);
    args.add(ZERO);
    args.add(utf8(Integer.toString(encoded.pairs().size() / 2)));
    args.addAll(encoded.pairs());
    args.addAll(encoded.nulls());
    List<byte[]> saveKeys = List.of(key(step));
    if (listPartition && step instanceof PartitionExecutionImpl partition) {
      saveKeys = List.of(key(step), utf8(keys.batchPartitions(partition.getStepExecutionId())));
      args.add(utf8(Integer.toString(partition.getPartitionId())));
    }
    Object written = SAVE.runBinary(redis, saveKeys, args);
    return Long.valueOf(1).equals(written);
  }

  /** Marks a STARTED step execution, and its STARTED partitions, STOPPING. */
  void markStopping(long stepExecutionId) {
    markStopping(keys.batchStep(stepExecutionId));
    for (String partitionId : redis.smembers(keys.batchPartitions(stepExecutionId))) {
      markStopping(keys.batchPartition(stepExecutionId, Integer.parseInt(partitionId)));
    }
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
    List<PartitionExecutionImpl> result = new ArrayList<>();
    List<Integer> ids =
        redis.smembers(keys.batchPartitions(stepExecutionId)).stream()
            .map(Integer::valueOf)
            .sorted()
            .toList();
    for (int id : ids) {
      Map<byte[], byte[]> hash = redis.hgetAll(utf8(keys.batchPartition(stepExecutionId, id)));
      if (!hash.isEmpty()) {
        result.add(StepRecord.partition(stepExecutionId, id, hash, loader));
      }
    }
    return result;
  }

  void remove(long stepExecutionId) {
    List<String> doomed = new ArrayList<>();
    for (String partitionId : redis.smembers(keys.batchPartitions(stepExecutionId))) {
      doomed.add(keys.batchPartition(stepExecutionId, Integer.parseInt(partitionId)));
    }
    doomed.add(keys.batchPartitions(stepExecutionId));
    doomed.add(keys.batchStep(stepExecutionId));
    // One DEL: every key here shares the step's hash tag.
    redis.del(doomed.toArray(String[]::new));
  }

  private void markStopping(String key) {
    SAVE.runBinary(redis, List.of(utf8(key)), List.of(ZERO, ONE, ZERO));
  }

  private byte[] key(AbstractStepExecution step) {
    if (step instanceof PartitionExecutionImpl partition) {
      return utf8(keys.batchPartition(partition.getStepExecutionId(), partition.getPartitionId()));
    }
    return utf8(keys.batchStep(step.getStepExecutionId()));
  }
}
