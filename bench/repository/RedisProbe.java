import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the Redis server says about a run, through a client of its own (not counted as the
 * repository's, one connection): command statistics, used memory, the keys the run created and
 * their size.
 */
final class RedisProbe implements AutoCloseable {

  private final Jedis redis;

  RedisProbe(String url) {
    this.redis = new Jedis(URI.create(url));
  }

  void resetStats() {
    redis.configResetStat();
  }

  long usedMemory() {
    return Long.parseLong(infoField(redis.info("memory"), "used_memory"));
  }

  /** CPU seconds redis-server has used (user + system, all its threads). */
  double cpuSeconds() {
    String cpu = redis.info("cpu");
    return Double.parseDouble(infoField(cpu, "used_cpu_user"))
        + Double.parseDouble(infoField(cpu, "used_cpu_sys"));
  }

  /**
   * Calls by command since {@link #resetStats()}, including the commands Lua scripts ran inside
   * Redis; without this probe's own CONFIG and INFO.
   */
  Map<String, Long> commandStats() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : redis.info("commandstats").split("\r?\n")) {
      // cmdstat_evalsha:calls=30001,usec=...
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        if (!command.equals("info") && !command.startsWith("config")) {
          calls.put(command, Long.parseLong(infoField(line.replace(':', ','), "calls")));
        }
      }
    }
    return calls;
  }

  Set<String> keys(String prefix) {
    Set<String> keys = new HashSet<>();
    ScanParams params = new ScanParams().match(prefix + "*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  /**
   * MEMORY USAGE (all elements sampled) of the keys, summed by kind: the key with its numbers
   * replaced by {@code #}. Values are {count, bytes}.
   */
  Map<String, long[]> memoryByKind(Collection<String> keys) {
    List<String> names = new ArrayList<>(keys);
    List<Response<Long>> sizes = new ArrayList<>();
    try (Pipeline pipeline = redis.pipelined()) {
      for (String key : names) {
        sizes.add(pipeline.memoryUsage(key, 0));
      }
      pipeline.sync();
    }
    Map<String, long[]> byKind = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      long[] kind = byKind.computeIfAbsent(names.get(i).replaceAll("\\d+", "#"), k -> new long[2]);
      kind[0]++;
      kind[1] += sizes.get(i).get();
    }
    return byKind;
  }

  /** A hash's fields with the length of their values, to show what a record holds. */
  Map<String, Integer> fieldSizes(String key) {
    Map<String, Integer> sizes = new TreeMap<>();
    redis
        .hgetAll(key.getBytes(StandardCharsets.UTF_8))
        .forEach(
            (field, value) -> sizes.put(new String(field, StandardCharsets.UTF_8), value.length));
    return sizes;
  }

  @Override
  public void close() {
    redis.close();
  }

  private static String infoField(String text, String name) {
    for (String part : text.split("[\r\n,]+")) {
      if (part.startsWith(name + "=") || part.startsWith(name + ":")) {
        return part.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalStateException("no " + name + " in " + text);
  }
}
