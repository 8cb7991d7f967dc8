import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The figures of {@link RepositoryBench}: a readable table and one JSON line. */
final class Report {

  private static final String REDIS = "redis";
  private static final String BASELINE = "in-memory";
  private static final long MEMORY_AIM_BYTES = 1024;
  private static final double TIME_AIM_MS = 0.2;

  private final int partitions;
  private final int threads;
  private final int warmups;
  private final int runs;
  private final Map<String, List<Double>> seconds = new LinkedHashMap<>();

  /** Repository -> method -> {calls, nanos}, summed over the measured runs. */
  private final Map<String, Map<String, long[]>> methods = new LinkedHashMap<>();

  private final Map<String, Double> roundTrips = new TreeMap<>();
  private final Map<String, Double> commandStats = new TreeMap<>();
  private final Map<String, long[]> keyBytes = new TreeMap<>();
  private Map<String, Integer> partitionFields = Map.of();
  private double usedMemoryPerPartition;
  private double keyBytesPerPartition;
  private double redisCpuMsPerPartition;

  Report(int partitions, int threads, int warmups, int runs) {
    this.partitions = partitions;
    this.threads = threads;
    this.warmups = warmups;
    this.runs = runs;
  }

  void repository(
      String name, List<Double> runSeconds, List<Map<String, RepositoryCalls.Figures>> runFigures) {
    seconds.put(name, runSeconds);
    Map<String, long[]> sums = new TreeMap<>();
    for (Map<String, RepositoryCalls.Figures> figures : runFigures) {
      figures.forEach(
          (method, f) -> {
            long[] sum = sums.computeIfAbsent(method, k -> new long[2]);
            sum[0] += f.calls();
            sum[1] += f.nanos();
          });
    }
    methods.put(name, sums);
  }

  /** Redis figures, averaged per partition over the measured runs (they barely vary). */
  void redis(List<RepositoryBench.RedisRun> redisRuns, Map<String, Integer> sampleFields) {
    double perPartition = 1.0 / (partitions * (double) redisRuns.size());
    List<Double> memory = new ArrayList<>();
    List<Double> keys = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (RepositoryBench.RedisRun run : redisRuns) {
      run.roundTrips().forEach((k, v) -> roundTrips.merge(k, v * perPartition, Double::sum));
      run.commandStats().forEach((k, v) -> commandStats.merge(k, v * perPartition, Double::sum));
      memory.add(run.usedMemoryDelta() / (double) partitions);
      cpu.add(run.cpuSeconds() * 1000 / partitions);
      keys.add(run.keyBytes().values().stream().mapToLong(v -> v[1]).sum() / (double) partitions);
      keyBytes.clear();
      keyBytes.putAll(run.keyBytes());
    }
    usedMemoryPerPartition = median(memory);
    keyBytesPerPartition = median(keys);
    redisCpuMsPerPartition = median(cpu);
    partitionFields = sampleFields;
  }

  void print(PrintStream out) {
    out.printf(
        "%nJob repositories under JBeret SE: %,d no-op partitions, %d threads,"
            + " %d warm-up + %d measured runs each%n%n",
        partitions, threads, warmups, runs);
    out.printf(
        "%-10s %9s %13s %22s   %s%n",
        "repository", "median s", "ms/partition", "vs in-memory ms/part.", "runs (s)");
    for (String name : seconds.keySet()) {
      out.printf(
          "%-10s %9.3f %13.4f %22s   %s%n",
          name,
          median(seconds.get(name)),
          msPerPartition(name),
          name.equals(BASELINE) ? "" : fmt("%+.4f", overhead(name)),
          seconds.get(name).stream().map(s -> fmt("%.3f", s)).collect(Collectors.joining(" ")));
    }

    out.printf("%nJBeret's repository calls per job, and microseconds per call:%n");
    out.printf("%-34s %8s", "method", "calls");
    seconds.keySet().forEach(name -> out.printf(" %10s", name));
    out.println();
    for (String method : new TreeSet<>(methods.get(REDIS).keySet())) {
      out.printf("%-34s %8d", method, methods.get(REDIS).get(method)[0] / runs);
      for (String name : seconds.keySet()) {
        long[] f = methods.get(name).getOrDefault(method, new long[] {0, 0});
        out.printf(" %10s", f[0] == 0 ? "-" : fmt("%.1f", f[1] / 1e3 / f[0]));
      }
      out.println();
    }

    out.printf("%nRedis round trips (client commands) per partition: %.2f%n", sum(roundTrips));
    byValue(roundTrips).entrySet().stream()
        .filter(e -> e.getValue() >= 0.01)
        .forEach(e -> out.printf("  %-52s %6.3f%n", e.getKey(), e.getValue()));
    out.printf("  (the other commands are sent once per job)%n");
    out.printf(
        "Redis commands per partition (INFO commandstats, Lua's inner commands too): %.2f%n  %s%n",
        sum(commandStats), top(commandStats));
    out.printf("redis-server CPU per partition: %.4f ms%n", redisCpuMsPerPartition);
    out.printf(
        "%nRedis memory per partition: used_memory delta %.0f B, MEMORY USAGE of the keys"
            + " the job created %.0f B%n",
        usedMemoryPerPartition, keyBytesPerPartition);
    keyBytes.forEach(
        (kind, v) ->
            out.printf("  %-56s %6d keys %7.1f B each%n", kind, v[0], v[1] / (double) v[0]));
    out.printf("  one partition hash holds (field: value bytes): %s%n", partitionFields);
    out.printf(
        "%nAims: < %d B of Redis per partition: %s; < %.1f ms added per partition: %s%n",
        MEMORY_AIM_BYTES,
        Math.max(usedMemoryPerPartition, keyBytesPerPartition) < MEMORY_AIM_BYTES
            ? "met"
            : "MISSED",
        TIME_AIM_MS,
        overhead(REDIS) < TIME_AIM_MS ? "met" : "MISSED");
  }

  String json() {
    StringBuilder json = new StringBuilder("{\"benchmark\": \"repository\"");
    field(json, "date", "\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"");
    field(json, "partitions", partitions);
    field(json, "threads", threads);
    field(json, "warmups", warmups);
    field(json, "runs", runs);
    for (String name : seconds.keySet()) {
      String key = name.replace('-', '_');
      field(json, key + "_median_s", round(median(seconds.get(name)), 3));
      field(json, key + "_ms_per_partition", round(msPerPartition(name), 4));
    }
    field(json, "jdbc_h2_overhead_ms_per_partition", round(overhead("jdbc-h2"), 4));
    field(json, "redis_overhead_ms_per_partition", round(overhead(REDIS), 4));
    field(json, "redis_round_trips_per_partition", round(sum(roundTrips), 2));
    field(json, "redis_commands_per_partition", round(sum(commandStats), 2));
    field(json, "redis_top_commands", "\"" + top(commandStats) + "\"");
    field(json, "redis_server_cpu_ms_per_partition", round(redisCpuMsPerPartition, 4));
    field(json, "redis_used_memory_bytes_per_partition", Math.round(usedMemoryPerPartition));
    field(json, "redis_key_bytes_per_partition", Math.round(keyBytesPerPartition));
    return json.append('}').toString();
  }

  private double msPerPartition(String name) {
    return median(seconds.get(name)) * 1000 / partitions;
  }

  private double overhead(String name) {
    return msPerPartition(name) - msPerPartition(BASELINE);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double sum(Map<String, Double> values) {
    return values.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static Map<String, Double> byValue(Map<String, Double> values) {
    Map<String, Double> sorted = new LinkedHashMap<>();
    values.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** "evalsha 3.00, hset 3.00, ..." for the commands above 0.01 per partition. */
  private static String top(Map<String, Double> values) {
    return byValue(values).entrySet().stream()
        .filter(e -> e.getValue() >= 0.01)
        .map(e -> e.getKey() + " " + fmt("%.2f", e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static void field(StringBuilder json, String name, Object value) {
    json.append(", \"").append(name).append("\": ").append(value);
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
