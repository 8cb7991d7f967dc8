package org.docbatch.repository;

import static org.docbatch.repository.StepRecord.utf8;

import jakarta.batch.runtime.BatchStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.jberet.runtime.PartitionExecutionImpl;
import redis.clients.jedis.UnifiedJedis;

/**
 * The partition executions of a step in Redis, {@value #BUCKET} partitions to a hash: a hash of its
 * own per partition cost about 190 bytes of keys for two short fields, a bucket a dozen bytes a
 * partition. Only what differs between the partitions of a step is kept per partition: its status
 * (field {@code <id>}), exit status ({@code <id>:x}) and the three serialized values ({@code
 * <id>:p}, {@code <id>:r}, {@code <id>:w}); its name is its step's, read from the step's row.
 * Buckets of short fields stay listpacks (hash-max-listpack-entries 512, -value 64).
 *
 * <p>Rows written by versions before these buckets (a hash per partition, listed in a set) are
 * read, stopped and removed too, never written: a step whose partitions an older node wrote keeps
 * them.
 */
final class PartitionRows {

  /** Partitions per bucket: five fields each at most stay under hash-max-listpack-entries. */
  static final int BUCKET = 100;

  private static final String EXIT = ":x";
  private static final String PERSISTENT = ":p";
  private static final String READER = ":r";
  private static final String WRITER = ":w";
  private static final byte[] ONE = utf8("1");
  private static final byte[] ZERO = utf8("0");

  private static final RedisScript SAVE = RedisScript.load("batch_save_partitions");
  private static final RedisScript STOP = RedisScript.load("batch_stop_partitions");

  /** A partition's row as field/value pairs to write and fields to delete (null values). */
  record Encoded(int partitionId, List<byte[]> pairs, List<byte[]> nulls) {}

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  PartitionRows(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  static Encoded encode(PartitionExecutionImpl partition) {
    String id = Integer.toString(partition.getPartitionId());
    List<byte[]> pairs = new ArrayList<>(4);
    List<byte[]> nulls = new ArrayList<>(4);
    // An empty status reads back as STARTING, as a missing one did: the field lists the partition.
    BatchStatus status = partition.getBatchStatus();
    pairs.add(utf8(id));
    pairs.add(utf8(status == null ? "" : status.name()));
    put(pairs, nulls, id + EXIT, utf8(partition.getExitStatus()));
    put(pairs, nulls, id + PERSISTENT, partition.getPersistentUserDataSerialized());
    put(pairs, nulls, id + READER, partition.getReaderCheckpointInfoSerialized());
    put(pairs, nulls, id + WRITER, partition.getWriterCheckpointInfoSerialized());
    return new Encoded(partition.getPartitionId(), pairs, nulls);
  }

  /**
   * Writes partition rows of one step execution in one script call; with {@code unlessStopping},
   * each only when Redis does not hold it as STOPPING. Returns how many were written.
   */
  long save(long stepExecutionId, List<Encoded> rows, boolean unlessStopping) {
    if (rows.isEmpty()) {
      return 0;
    }
    List<byte[]> scriptKeys = new ArrayList<>();
    scriptKeys.add(utf8(keys.batchPartitionBuckets(stepExecutionId)));
    Map<Integer, Integer> keyOfBucket = new HashMap<>();
    List<byte[]> args = new ArrayList<>();
    args.add(unlessStopping ? ONE : ZERO);
    for (Encoded row : rows) {
      int bucket = row.partitionId() / BUCKET;
      int key =
          keyOfBucket.computeIfAbsent(
              bucket,
              b -> {
                scriptKeys.add(utf8(keys.batchPartitionRows(stepExecutionId, b)));
                return scriptKeys.size();
              });
      args.add(utf8(Integer.toString(key)));
      args.add(utf8(Integer.toString(bucket)));
      args.add(utf8(Integer.toString(row.partitionId())));
      args.add(utf8(Integer.toString(row.pairs().size() / 2)));
      args.add(utf8(Integer.toString(row.nulls().size())));
      args.addAll(row.pairs());
      args.addAll(row.nulls());
    }
    return (Long) SAVE.runBinary(redis, scriptKeys, args);
  }

  /** Marks the STARTED partitions of a step execution STOPPING. */
  void markStopping(long stepExecutionId, Runnable markOlderRows) {
    List<String> buckets = bucketKeys(stepExecutionId);
    if (!buckets.isEmpty()) {
      STOP.run(redis, buckets, List.of());
    }
    markOlderRows.run();
  }

  /** The step execution's partitions, by partition id; {@code stepName} is every partition's. */
  List<PartitionExecutionImpl> read(long stepExecutionId, String stepName, ClassLoader loader) {
    Map<Integer, Map<String, byte[]>> byPartition = new TreeMap<>();
    for (String older : redis.smembers(keys.batchPartitions(stepExecutionId))) {
      int id = Integer.parseInt(older);
      Map<byte[], byte[]> hash = redis.hgetAll(utf8(keys.batchPartition(stepExecutionId, id)));
      if (!hash.isEmpty()) {
        byPartition.put(id, olderRow(hash));
      }
    }
    for (String bucket : bucketKeys(stepExecutionId)) {
      redis
          .hgetAll(utf8(bucket))
          .forEach(
              (rawField, value) -> {
                String field = new String(rawField, StandardCharsets.UTF_8);
                int colon = field.indexOf(':');
                int id = Integer.parseInt(colon < 0 ? field : field.substring(0, colon));
                byPartition
                    .computeIfAbsent(id, any -> new HashMap<>())
                    .put(colon < 0 ? "" : field.substring(colon), value);
              });
    }
    List<PartitionExecutionImpl> result = new ArrayList<>(byPartition.size());
    byPartition.forEach(
        (id, row) -> {
          if (row.containsKey("")) {
            result.add(partition(stepExecutionId, id, stepName, row, loader));
          }
        });
    return result;
  }

  /** Every key of the step execution's partition rows, older ones included. */
  List<String> keysOf(long stepExecutionId) {
    List<String> all = new ArrayList<>(bucketKeys(stepExecutionId));
    all.add(keys.batchPartitionBuckets(stepExecutionId));
    for (String older : redis.smembers(keys.batchPartitions(stepExecutionId))) {
      all.add(keys.batchPartition(stepExecutionId, Integer.parseInt(older)));
    }
    all.add(keys.batchPartitions(stepExecutionId));
    return all;
  }

  private List<String> bucketKeys(long stepExecutionId) {
    List<String> buckets = new ArrayList<>();
    for (String bucket : redis.smembers(keys.batchPartitionBuckets(stepExecutionId))) {
      buckets.add(keys.batchPartitionRows(stepExecutionId, Integer.parseInt(bucket)));
    }
    return buckets;
  }

  private static PartitionExecutionImpl partition(
      long stepExecutionId, int id, String stepName, Map<String, byte[]> row, ClassLoader loader) {
    String status = text(row.get(""));
    String name = row.containsKey(":n") ? text(row.get(":n")) : stepName;
    return new PartitionExecutionImpl(
        id,
        stepExecutionId,
        name,
        status == null || status.isEmpty() ? BatchStatus.STARTING : BatchStatus.valueOf(status),
        text(row.get(EXIT)),
        StepRecord.object(row.get(PERSISTENT), "persistent", loader),
        StepRecord.object(row.get(READER), "reader", loader),
        StepRecord.object(row.get(WRITER), "writer", loader));
  }

  /** A row of the older form (a hash of its own) in the fields of a bucket's row. */
  private static Map<String, byte[]> olderRow(Map<byte[], byte[]> hash) {
    Map<String, byte[]> byName = new LinkedHashMap<>();
    hash.forEach((field, value) -> byName.put(new String(field, StandardCharsets.UTF_8), value));
    Map<String, byte[]> row = new HashMap<>();
    row.put("", byName.getOrDefault(StepRecord.STATUS, new byte[0]));
    copy(byName, "name", row, ":n");
    copy(byName, "exit", row, EXIT);
    copy(byName, "persistent", row, PERSISTENT);
    copy(byName, "reader", row, READER);
    copy(byName, "writer", row, WRITER);
    return row;
  }

  private static void copy(
      Map<String, byte[]> from, String field, Map<String, byte[]> to, String as) {
    if (from.containsKey(field)) {
      to.put(as, from.get(field));
    }
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static void put(List<byte[]> pairs, List<byte[]> nulls, String field, byte[] value) {
    if (value == null) {
      nulls.add(utf8(field));
    } else {
      pairs.add(utf8(field));
      pairs.add(value);
    }
  }
}
