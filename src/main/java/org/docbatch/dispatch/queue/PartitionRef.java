package org.docbatch.dispatch.queue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.docbatch.store.ExecutionKey;

/**
 * What a queue holds for one partition: a reference a few dozen bytes long, not JBeret's serialized
 * {@code PartitionInfo} (about 4.6 KB). A worker rebuilds the rest from the job XML and the job
 * repository.
 *
 * <p>Two text forms: the full one ({@link #encode}), self-contained, which dead letters keep; and
 * the compact one a queue holds ({@link #encodeCompact}): priority, the number of its step's shared
 * part ({@link #encodeShared}, kept once per step execution in the queue's steps hash) and the
 * partition id, then only the properties whose value differs from the shared ones. A queued
 * document costs Redis a sorted-set entry of about 20 bytes of text instead of 130.
 *
 * @param priority -10..10, higher first; the first field, so that Lua scripts can read it
 * @param executionId the JSR-352 job execution
 * @param stepExecutionId the partitioned step's execution
 * @param partitionId the partition's index in the partition plan
 * @param jobName the job XML's name
 * @param stepName the partitioned step
 * @param coordinator the node incarnation whose step waits for this partition (its inbox)
 * @param onServerEngine whether the server's batch operator runs the execution ({@code
 *     ENGINE_MODE=server}): then its id is the coordinator's server's, not one from Redis, and the
 *     execution field is written {@code s<id>}
 * @param properties the partition's batchlet properties, already resolved by the coordinator
 */
public record PartitionRef(
    int priority,
    long executionId,
    long stepExecutionId,
    int partitionId,
    String jobName,
    String stepName,
    String coordinator,
    boolean onServerEngine,
    Map<String, String> properties) {

  private static final char FIELD = '\t';
  private static final String SERVER_ENGINE = "s";
  private static final String SHARED = "@";

  /** A shared property's value that stands for each partition's id. */
  public static final String PARTITION_ID = "%";

  /** The partition of a compact entry whose step's shared part is gone: its job has ended. */
  public static final String ORPHAN = "";

  /** The execution the partition belongs to, as the dispatcher names it across nodes. */
  public ExecutionKey execution() {
    return onServerEngine
        ? ExecutionKey.server(coordinator, executionId)
        : ExecutionKey.of(executionId);
  }

  /** The compact text form stored in Redis: tab-separated, names and values URL-encoded. */
  public String encode() {
    StringBuilder out =
        new StringBuilder(96)
            .append(priority)
            .append(FIELD)
            .append(onServerEngine ? SERVER_ENGINE : "")
            .append(executionId)
            .append(FIELD)
            .append(stepExecutionId)
            .append(FIELD)
            .append(partitionId)
            .append(FIELD)
            .append(escape(jobName))
            .append(FIELD)
            .append(escape(stepName))
            .append(FIELD)
            .append(escape(coordinator));
    properties.forEach(
        (name, value) -> out.append(FIELD).append(escape(name)).append('=').append(escape(value)));
    return out.toString();
  }

  /**
   * The shared part of this partition's step: everything but its priority, partition id and
   * properties, and of those the ones in {@code shared}.
   */
  public String encodeShared(Map<String, String> shared) {
    return encodeShared(shared, Set.of());
  }

  /**
   * The shared part, with the properties named in {@code byPartitionId} written as {@value
   * #PARTITION_ID}: each partition's value is its partition id (a document's index, on the first
   * run of a job). Every name in either must be one of this partition's properties.
   */
  public String encodeShared(Map<String, String> shared, Set<String> byPartitionId) {
    StringBuilder out =
        new StringBuilder(96)
            .append(onServerEngine ? SERVER_ENGINE : "")
            .append(executionId)
            .append(FIELD)
            .append(stepExecutionId)
            .append(FIELD)
            .append(escape(jobName))
            .append(FIELD)
            .append(escape(stepName))
            .append(FIELD)
            .append(escape(coordinator));
    // In this partition's order, so that a compact entry's full form (dispatch scripts) is the one
    // encode() writes.
    properties.forEach(
        (name, value) -> {
          if (byPartitionId.contains(name)) {
            out.append(FIELD).append(escape(name)).append('=').append(PARTITION_ID);
          } else if (shared.containsKey(name)) {
            out.append(FIELD).append(escape(name)).append('=').append(escape(shared.get(name)));
          }
        });
    return out.toString();
  }

  /** The compact form, where no property is the partition id. */
  public String encodeCompact(String step, Map<String, String> shared) {
    return encodeCompact(step, shared, Set.of());
  }

  /**
   * The compact form: priority, {@code @step} (the number of its step's shared part) and partition
   * id, then the properties whose value differs from {@code shared} (for those in {@code
   * byPartitionId}: from the partition id); every name in either must be one of this partition's
   * properties.
   */
  public String encodeCompact(String step, Map<String, String> shared, Set<String> byPartitionId) {
    String id = Integer.toString(partitionId);
    StringBuilder out =
        new StringBuilder(32)
            .append(priority)
            .append(FIELD)
            .append(SHARED)
            .append(step)
            .append(FIELD)
            .append(partitionId);
    properties.forEach(
        (name, value) -> {
          if (byPartitionId.contains(name) ? !value.equals(id) : !value.equals(shared.get(name))) {
            out.append(FIELD).append(escape(name)).append('=').append(escape(value));
          }
        });
    return out.toString();
  }

  /** Whether {@code text} is a compact entry, and the number of its step's shared part then. */
  public static String sharedStep(String text) {
    int tab = text.indexOf(FIELD);
    if (tab < 0 || !text.startsWith(SHARED, tab + 1)) {
      return null;
    }
    int end = text.indexOf(FIELD, tab + 1);
    return end < 0 ? null : text.substring(tab + 2, end);
  }

  /**
   * A compact entry's shared part, read: what the partitions of one step execution have in common,
   * the properties whose value is each partition's id marked {@link #PARTITION_ID}. A node reads it
   * once per step ({@code SharedSteps}), so that decoding a partition reads only its own fields.
   */
  public record SharedPart(
      long executionId,
      long stepExecutionId,
      String jobName,
      String stepName,
      String coordinator,
      boolean onServerEngine,
      Map<String, String> properties) {}

  /** Reads a shared part that {@link #encodeShared} wrote. */
  public static SharedPart decodeShared(String shared) {
    String[] common = fields(shared);
    boolean onServerEngine = common[0].startsWith(SERVER_ENGINE);
    return new SharedPart(
        Long.parseLong(onServerEngine ? common[0].substring(1) : common[0]),
        Long.parseLong(common[1]),
        unescape(common[2]),
        unescape(common[3]),
        unescape(common[4]),
        onServerEngine,
        Collections.unmodifiableMap(properties(common, 5, new LinkedHashMap<>())));
  }

  /**
   * Reads either form: a compact entry with its step's shared part {@code shared} (null when it is
   * gone: the partition is then an {@link #ORPHAN}, of no execution, which nobody waits for).
   */
  public static PartitionRef decode(String text, String shared) {
    return decodeWith(
        text, shared == null || sharedStep(text) == null ? null : decodeShared(shared));
  }

  /** Reads either form, a compact entry with its step's shared part already read. */
  public static PartitionRef decodeWith(String text, SharedPart shared) {
    if (sharedStep(text) == null) {
      return decode(text);
    }
    String[] own = fields(text);
    if (shared == null) {
      return new PartitionRef(
          Integer.parseInt(own[0]),
          -1,
          -1,
          Integer.parseInt(own[2]),
          ORPHAN,
          ORPHAN,
          ORPHAN,
          false,
          properties(own, 3, new LinkedHashMap<>()));
    }
    Map<String, String> properties = new LinkedHashMap<>(shared.properties());
    properties.replaceAll((name, value) -> value == PARTITION_ID ? own[2] : value);
    properties(own, 3, properties);
    return new PartitionRef(
        Integer.parseInt(own[0]),
        shared.executionId(),
        shared.stepExecutionId(),
        Integer.parseInt(own[2]),
        shared.jobName(),
        shared.stepName(),
        shared.coordinator(),
        shared.onServerEngine(),
        properties);
  }

  /** Whether this is a compact entry's partition whose step's shared part was gone. */
  public boolean orphan() {
    return executionId < 0 && ORPHAN.equals(coordinator);
  }

  private static Map<String, String> properties(
      String[] fields, int from, Map<String, String> into) {
    for (int i = from; i < fields.length; i++) {
      int equals = fields[i].indexOf('=');
      String value = fields[i].substring(equals + 1);
      // PARTITION_ID is never what escape writes (it writes % as %25): the instance marks it.
      into.put(
          unescape(fields[i].substring(0, equals)),
          value.equals(PARTITION_ID) ? PARTITION_ID : unescape(value));
    }
    return into;
  }

  /** Reads the full form. */
  public static PartitionRef decode(String text) {
    String[] fields = fields(text);
    if (fields.length < 7 || fields[1].startsWith(SHARED)) {
      throw new IllegalArgumentException("not a partition reference: " + text);
    }
    Map<String, String> properties = properties(fields, 7, new LinkedHashMap<>());
    boolean onServerEngine = fields[1].startsWith(SERVER_ENGINE);
    return new PartitionRef(
        Integer.parseInt(fields[0]),
        Long.parseLong(onServerEngine ? fields[1].substring(1) : fields[1]),
        Long.parseLong(fields[2]),
        Integer.parseInt(fields[3]),
        unescape(fields[4]),
        unescape(fields[5]),
        unescape(fields[6]),
        onServerEngine,
        properties);
  }

  /** {@code text} split at each tab, empty fields kept ({@code split("\t", -1)}, without regex). */
  private static String[] fields(String text) {
    int count = 1;
    for (int tab = text.indexOf(FIELD); tab >= 0; tab = text.indexOf(FIELD, tab + 1)) {
      count++;
    }
    String[] fields = new String[count];
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int end = text.indexOf(FIELD, start);
      fields[i] = text.substring(start, end);
      start = end + 1;
    }
    fields[count - 1] = text.substring(start);
    return fields;
  }

  // Most fields (ids, numbers, names) need no escaping: they skip the codecs, which were a visible
  // part of each partition's cost on a fresh node.
  private static String escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!unreserved(text.charAt(i))) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
      }
    }
    return text;
  }

  private static String unescape(String text) {
    return text.indexOf('%') < 0 && text.indexOf('+') < 0
        ? text
        : URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The characters {@link URLEncoder} leaves as they are. */
  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '*'
        || c == '_';
  }
}
