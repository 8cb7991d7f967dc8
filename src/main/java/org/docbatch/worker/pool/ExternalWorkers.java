package org.docbatch.worker.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The workers outside the server, by task type, as the cluster last heard from them: each call of a
 * worker (lease, heartbeat, complete, fail) on any node notes when, in one Redis hash per type. A
 * worker silent for {@link #FORGET_MILLIS} is forgotten when the hash is read.
 */
final class ExternalWorkers {

  /** Silence after which a worker is no longer listed. */
  static final long FORGET_MILLIS = 10 * 60_000;

  private final UnifiedJedis redis;
  private final RedisKeys keys;

  ExternalWorkers(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  void seen(String type, String workerId, long now) {
    redis.hset(keys.externalWorkers(type), workerId, Long.toString(now));
  }

  /** Each type's workers heard from within {@code activeMillis}, in one round trip. */
  List<ExternalPoolState> states(List<String> types, long now, long activeMillis) {
    List<Response<Map<String, String>>> seen = new ArrayList<>();
    List<Response<Long>> leased = new ArrayList<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      for (String type : types) {
        seen.add(pipeline.hgetAll(keys.externalWorkers(type)));
        leased.add(pipeline.zcard(keys.queueLeases(type)));
      }
      pipeline.sync();
    }
    List<ExternalPoolState> states = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      List<ExternalPoolState.Worker> active = new ArrayList<>();
      List<String> forgotten = new ArrayList<>();
      long last = 0;
      for (var entry : seen.get(i).get().entrySet()) {
        long at = parse(entry.getValue());
        last = Math.max(last, at);
        if (now - at > FORGET_MILLIS) {
          forgotten.add(entry.getKey());
        } else if (now - at <= activeMillis) {
          active.add(new ExternalPoolState.Worker(entry.getKey(), at));
        }
      }
      if (!forgotten.isEmpty()) {
        redis.hdel(keys.externalWorkers(types.get(i)), forgotten.toArray(String[]::new));
      }
      active.sort(Comparator.comparing(ExternalPoolState.Worker::workerId));
      states.add(new ExternalPoolState(types.get(i), active, leased.get(i).get(), last));
    }
    return states;
  }

  private static long parse(String millis) {
    try {
      return Long.parseLong(millis);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
