package org.docbatch.dispatch.queue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * The shared parts of a queue's compact entries ({@link PartitionRef#encodeCompact}): what every
 * partition of a step execution has in common, kept once per step execution in the queue's steps
 * hash under a number, and remembered here on both sides: the node that queues a step's partitions
 * writes its shared part once, a node that takes or reads entries reads each one once.
 *
 * <p>A shared part goes when its job ends (forget_attempts.lua), with the counts of attempts; an
 * entry of the job still in the queue then (a partition queued again after its lease ran out) is an
 * orphan that the take script drops.
 */
final class SharedSteps {

  /** The property that names a document job: only such steps' shared parts end with their job. */
  private static final String JOB_ID = "jobId";

  private static final int REMEMBERED = 4096;

  /** A step's number in its queue's steps hash, and the properties shared by its partitions. */
  private record Shared(String step, Map<String, String> properties) {}

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  /** The steps this node queues, by queue and shared part without properties. */
  private final Map<String, Shared> written = remembered(256);

  /** Shared parts read, by queue and number. */
  private final Map<String, String> read = remembered(REMEMBERED);

  SharedSteps(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * The queue entries of one step's partitions (one call: a number for a step met first, its shared
   * part into {@code pipeline}). A partition keeps the full form when it lacks one of the shared
   * properties, or when its step is of no document job.
   */
  List<String> entries(
      AbstractPipeline pipeline, String type, Collection<PartitionRef> partitions) {
    PartitionRef first = partitions.iterator().next();
    String stepKey = type + '\t' + first.encodeShared(Map.of());
    Shared shared;
    synchronized (written) {
      shared = written.get(stepKey);
    }
    if (shared == null) {
      Map<String, String> common = common(partitions);
      if (common.containsKey(JOB_ID)) {
        String step = Long.toString(redis.hincrBy(keys.queueSteps(type), "#", 1));
        pipeline.hset(keys.queueSteps(type), step, first.encodeShared(common));
        shared = new Shared(step, common);
        synchronized (written) {
          written.put(stepKey, shared);
        }
      }
    }
    Shared known = shared;
    return partitions.stream()
        .map(
            partition ->
                known != null
                        && partition.properties().keySet().containsAll(known.properties().keySet())
                    ? partition.encodeCompact(known.step(), known.properties())
                    : partition.encode())
        .toList();
  }

  /** Remembers shared parts that a take answered with, as step, part, step, part... */
  void remember(String type, List<?> stepsAndParts) {
    synchronized (read) {
      for (int i = 0; i + 1 < stepsAndParts.size(); i += 2) {
        read.put(type + '\t' + stepsAndParts.get(i), (String) stepsAndParts.get(i + 1));
      }
    }
  }

  /** Either form of an entry, read; a compact entry's shared part is read from Redis once. */
  PartitionRef partition(String type, String member) {
    String step = PartitionRef.sharedStep(member);
    if (step == null) {
      return PartitionRef.decode(member);
    }
    String key = type + '\t' + step;
    String shared;
    synchronized (read) {
      shared = read.get(key);
    }
    if (shared == null) {
      shared = redis.hget(keys.queueSteps(type), step);
      if (shared != null) {
        synchronized (read) {
          read.put(key, shared);
        }
      }
    }
    return PartitionRef.decode(member, shared);
  }

  /** The properties every one of {@code partitions} has, with the same value. */
  private static Map<String, String> common(Collection<PartitionRef> partitions) {
    Map<String, String> common = new LinkedHashMap<>(partitions.iterator().next().properties());
    for (PartitionRef partition : partitions) {
      common.entrySet().removeIf(e -> !e.getValue().equals(partition.properties().get(e.getKey())));
    }
    return common;
  }

  private static <V> Map<String, V> remembered(int size) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > size;
      }
    };
  }
}
