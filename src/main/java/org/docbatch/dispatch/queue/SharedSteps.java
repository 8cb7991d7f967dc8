package org.docbatch.dispatch.queue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * A step's number in its queue's steps hash, the properties shared by its partitions, and those
   * whose value is each partition's id.
   */
  private record Shared(
      String step, String text, Map<String, String> properties, Set<String> byPartitionId) {

    boolean coveredBy(PartitionRef partition) {
      return partition.properties().keySet().containsAll(properties.keySet())
          && partition.properties().keySet().containsAll(byPartitionId);
    }
  }

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  /** The steps this node queues, by queue and shared part without properties. */
  private final Map<String, Shared> written = remembered(256);

  /**
   * Shared parts read, by queue and number, with their text: each is decoded once, not once per
   * partition.
   */
  private final Map<String, Read> read = remembered(REMEMBERED);

  private record Read(String text, PartitionRef.SharedPart part) {}

  SharedSteps(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * The queue entries of one step's partitions (one call for a step met first: its number), its
   * shared part written into {@code pipeline} before them. It is written with every batch, not only
   * the first: a batch whose pipeline failed (Redis out of reach) must not leave later batches'
   * entries naming a shared part Redis never got. A partition keeps the full form when it lacks one
   * of the shared properties, or when its step is of no document job.
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
      Set<String> byPartitionId = byPartitionId(partitions);
      Map<String, String> common = common(partitions);
      common.keySet().removeAll(byPartitionId);
      if (common.containsKey(JOB_ID)) {
        String step = Long.toString(redis.hincrBy(keys.queueSteps(type), "#", 1));
        shared = new Shared(step, first.encodeShared(common, byPartitionId), common, byPartitionId);
        synchronized (written) {
          written.put(stepKey, shared);
        }
      }
    }
    if (shared != null) {
      pipeline.hset(keys.queueSteps(type), shared.step(), shared.text());
    }
    Shared known = shared;
    return partitions.stream()
        .map(
            partition ->
                known != null && known.coveredBy(partition)
                    ? partition.encodeCompact(
                        known.step(), known.properties(), known.byPartitionId())
                    : partition.encode())
        .toList();
  }

  /** Remembers shared parts that a take answered with, as step, part, step, part... */
  void remember(String type, List<?> stepsAndParts) {
    for (int i = 0; i + 1 < stepsAndParts.size(); i += 2) {
      String key = type + '\t' + stepsAndParts.get(i);
      String text = (String) stepsAndParts.get(i + 1);
      Read known;
      synchronized (read) {
        known = read.get(key);
      }
      // The same number names the same part, unless Redis lost its data and counted again.
      if (known == null || !known.text().equals(text)) {
        Read decoded = new Read(text, PartitionRef.decodeShared(text));
        synchronized (read) {
          read.put(key, decoded);
        }
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
    Read shared;
    synchronized (read) {
      shared = read.get(key);
    }
    if (shared == null) {
      String text = redis.hget(keys.queueSteps(type), step);
      if (text != null) {
        shared = new Read(text, PartitionRef.decodeShared(text));
        synchronized (read) {
          read.put(key, shared);
        }
      }
    }
    return PartitionRef.decodeWith(member, shared == null ? null : shared.part());
  }

  /**
   * The properties whose value is the partition's id in every one of {@code partitions}: a
   * document's index on a job's first run.
   */
  private static Set<String> byPartitionId(Collection<PartitionRef> partitions) {
    Set<String> names = new LinkedHashSet<>(partitions.iterator().next().properties().keySet());
    for (PartitionRef partition : partitions) {
      String id = Integer.toString(partition.partitionId());
      names.removeIf(name -> !id.equals(partition.properties().get(name)));
    }
    return names;
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
