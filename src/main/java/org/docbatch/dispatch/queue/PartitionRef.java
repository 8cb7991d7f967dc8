package org.docbatch.dispatch.queue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.docbatch.store.ExecutionKey;

/**
 * What a queue holds for one partition: a reference a few dozen bytes long, not JBeret's serialized
 * {@code PartitionInfo} (about 4.6 KB). A worker rebuilds the rest from the job XML and the job
 * repository.
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

  public static PartitionRef decode(String text) {
    String[] fields = text.split(String.valueOf(FIELD), -1);
    if (fields.length < 7) {
      throw new IllegalArgumentException("not a partition reference: " + text);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 7; i < fields.length; i++) {
      int equals = fields[i].indexOf('=');
      properties.put(
          unescape(fields[i].substring(0, equals)), unescape(fields[i].substring(equals + 1)));
    }
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

  private static String escape(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String unescape(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
