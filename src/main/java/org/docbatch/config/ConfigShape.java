package org.docbatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration file's shape (the spec's {@code config.json}) against docbatch's MicroProfile
 * keys, both ways. A top-level {@code a_b_c} is the key {@code a.b.c}; {@code
 * worker_pools.<type>.<field>} and {@code features.<flag>} are the keys in {@link #POOL_FIELDS} and
 * {@code features.<flag>}. A key that names nothing docbatch knows is a {@link Violation}, not
 * ignored: a misspelt key would otherwise silently keep its default.
 */
public final class ConfigShape {

  /** A pool's fields in the file, and the suffix of each one's key ({@code ocr.min.workers}). */
  public static final Map<String, String> POOL_FIELDS = poolFields();

  /** The spec's keys, first in the file docbatch writes; the others follow in registry order. */
  private static final List<String> LEADING =
      List.of(
          "max.workers",
          "redis.url",
          "max.queue.size",
          "worker.timeout",
          "health.check.interval",
          "autoscaling.interval",
          "max.memory.per.worker",
          "max.error.rate");

  private ConfigShape() {}

  private static Map<String, String> poolFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("min_workers", "min.workers");
    fields.put("max_workers", "workers");
    fields.put("memory_limit", "memory.limit");
    fields.put("cpu_limit", "cpu.limit");
    fields.put("timeout", "task.timeout");
    fields.put("max_retries", "max.retries");
    return fields;
  }

  /** What a file holds, as MicroProfile keys and values, and what is wrong with its shape. */
  public record Flat(Map<String, String> values, List<Violation> problems) {}

  /** The file's tree (maps, lists, strings, numbers, booleans) as MicroProfile keys. */
  public static Flat flatten(Map<String, Object> tree, String source) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Violation> problems = new ArrayList<>();
    Flattening flattening = new Flattening(values, problems, source);
    tree.forEach(
        (name, value) -> {
          if (name.equals("worker_pools")) {
            flattening.pools(value);
          } else if (name.equals("features")) {
            flattening.section(name, value, flag -> "features." + flag);
          } else {
            flattening.put(name, name.replace('_', '.'), value);
          }
        });
    return new Flat(values, problems);
  }

  private record Flattening(Map<String, String> values, List<Violation> problems, String source) {

    void pools(Object pools) {
      if (!(pools instanceof Map<?, ?> byType)) {
        problems.add(
            new Violation("worker_pools", null, source, "expected an object of pools by type"));
        return;
      }
      List<String> external = new ArrayList<>();
      byType.forEach(
          (type, pool) -> {
            String path = "worker_pools." + type;
            boolean builtIn = Settings.WORKER_TYPES.contains(String.valueOf(type));
            boolean declaredExternal =
                pool instanceof Map<?, ?> fields
                    && "true".equalsIgnoreCase(String.valueOf(fields.get("external")));
            if (declaredExternal) {
              externalPool(String.valueOf(type), path, (Map<?, ?>) pool, builtIn, external);
            } else if (!builtIn) {
              problems.add(
                  new Violation(
                      path,
                      null,
                      source,
                      "unknown worker type; known: "
                          + String.join(", ", Settings.WORKER_TYPES)
                          + " (a task type for workers outside the server needs external: true)"));
            } else {
              section(
                  path,
                  pool,
                  field ->
                      POOL_FIELDS.containsKey(field) ? type + "." + POOL_FIELDS.get(field) : null);
            }
          });
      if (!external.isEmpty()) {
        put("worker_pools.*.external", "external.types", String.join(",", external));
      }
    }

    /**
     * A pool of an external task type: its name joins {@code external.types}, its fields are the
     * built-in pools' (the same keys with its name, checked the same way).
     */
    private void externalPool(
        String type, String path, Map<?, ?> fields, boolean builtIn, List<String> external) {
      if (builtIn || !Settings.EXTERNAL_TYPE_NAME.matcher(type).matches()) {
        problems.add(
            new Violation(
                path,
                null,
                source,
                builtIn
                    ? "a built-in worker type cannot be external"
                    : "an external task type's name is a-z, 0-9 and _, at most 40 characters,"
                        + " starting with a letter"));
        return;
      }
      external.add(type);
      fields.forEach(
          (field, value) -> {
            String name = String.valueOf(field);
            if (name.equals("external")) {
              return;
            }
            Setting setting =
                POOL_FIELDS.containsKey(name)
                    ? Settings.ofExternalPool(type, POOL_FIELDS.get(name)).orElse(null)
                    : null;
            if (setting == null) {
              problems.add(new Violation(path + "." + name, null, source, "unknown key"));
            } else if (value == null || value instanceof Map || value instanceof List) {
              problems.add(
                  new Violation(path + "." + name, null, source, "expected a single value"));
            } else {
              String text = text(value);
              setting
                  .problem(text)
                  .ifPresentOrElse(
                      reason ->
                          problems.add(new Violation(path + "." + name, text, source, reason)),
                      () -> values.put(setting.key(), text));
            }
          });
    }

    void section(String path, Object section, Function<String, String> keyOf) {
      if (!(section instanceof Map<?, ?> fields)) {
        problems.add(new Violation(path, null, source, "expected an object"));
        return;
      }
      fields.forEach(
          (field, value) -> {
            String key = keyOf.apply(String.valueOf(field));
            put(path + "." + field, key == null ? "" : key, value);
          });
    }

    void put(String path, String key, Object value) {
      Setting setting = Settings.find(key).filter(Setting::inFile).orElse(null);
      if (setting == null) {
        String reason =
            Settings.find(key).isPresent()
                ? "cannot be set in the configuration file: it is read before the file;"
                    + " set "
                    + Settings.find(key).get().environmentName()
                    + " instead"
                : "unknown key";
        problems.add(new Violation(path, null, source, reason));
      } else if (value == null || value instanceof Map || value instanceof List) {
        problems.add(new Violation(path, null, source, "expected a single value"));
      } else if (values.containsKey(key)) {
        problems.add(new Violation(path, text(value), source, "sets " + key + " a second time"));
      } else {
        values.put(key, text(value));
      }
    }
  }

  private static String text(Object value) {
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return String.valueOf(value);
  }

  /**
   * The file that sets every key to {@code valueOf(key)} (keys without a value are left out), in
   * the file's shape, with numbers and booleans typed.
   */
  public static Map<String, Object> tree(Function<String, String> valueOf) {
    Set<String> poolKeys =
        Settings.WORKER_TYPES.stream()
            .flatMap(type -> POOL_FIELDS.values().stream().map(suffix -> type + "." + suffix))
            .collect(Collectors.toSet());
    Map<String, Object> tree = new LinkedHashMap<>();
    List<Setting> ordered = new ArrayList<>();
    LEADING.forEach(key -> ordered.add(Settings.find(key).orElseThrow()));
    Settings.all().stream().filter(s -> !LEADING.contains(s.key())).forEach(ordered::add);
    for (Setting setting : ordered) {
      String key = setting.key();
      if (setting.inFile() && !poolKeys.contains(key) && !key.startsWith("features.")) {
        putTyped(tree, key.replace('.', '_'), setting, valueOf.apply(key));
      }
    }
    Map<String, Object> pools = new LinkedHashMap<>();
    for (String type : Settings.WORKER_TYPES) {
      Map<String, Object> pool = new LinkedHashMap<>();
      POOL_FIELDS.forEach(
          (field, suffix) -> {
            String key = type + "." + suffix;
            putTyped(pool, field, Settings.find(key).orElseThrow(), valueOf.apply(key));
          });
      pools.put(type, pool);
    }
    tree.put("worker_pools", pools);
    Map<String, Object> features = new LinkedHashMap<>();
    for (Setting setting : Settings.all()) {
      if (setting.key().startsWith("features.")) {
        String flag = setting.key().substring("features.".length());
        putTyped(features, flag, setting, valueOf.apply(setting.key()));
      }
    }
    tree.put("features", features);
    return tree;
  }

  private static void putTyped(Map<String, Object> into, String name, Setting setting, String raw) {
    if (raw == null) {
      return;
    }
    try {
      switch (setting.kind()) {
        case WHOLE_NUMBER -> into.put(name, Long.parseLong(raw.trim()));
        case DECIMAL -> into.put(name, Double.parseDouble(raw.trim()));
        case BOOLEAN -> into.put(name, Boolean.parseBoolean(raw.trim()));
        default -> into.put(name, raw);
      }
    } catch (NumberFormatException e) {
      into.put(name, raw);
    }
  }
}
