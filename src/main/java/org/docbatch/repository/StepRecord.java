package org.docbatch.repository;

import jakarta.batch.runtime.Metric;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.StepExecutionImpl;
import org.jberet.util.BatchUtil;

/**
 * How a step or partition execution is kept in a Redis hash: a few string fields (times in epoch
 * milliseconds, statuses, metrics) plus, as opaque bytes, the three values JSR-352 requires to be
 * Serializable (persistent user data and the reader and writer checkpoints).
 */
final class StepRecord {

  static final String NAME = "name";
  static final String STATUS = "status";
  private static final String STARTED = "started";
  private static final String ENDED = "ended";
  private static final String EXIT = "exit";
  private static final String PERSISTENT = "persistent";
  private static final String READER = "reader";
  private static final String WRITER = "writer";

  /** Field/value pairs to write, and the fields to delete because their value is null. */
  record Encoded(List<byte[]> pairs, List<byte[]> nulls) {}

  private StepRecord() {}

  static Encoded encode(AbstractStepExecution step) {
    List<byte[]> pairs = new ArrayList<>();
    List<byte[]> nulls = new ArrayList<>();
    put(pairs, nulls, NAME, utf8(step.getStepName()));
    put(
        pairs,
        nulls,
        STATUS,
        utf8(step.getBatchStatus() == null ? null : step.getBatchStatus().name()));
    put(pairs, nulls, EXIT, utf8(step.getExitStatus()));
    put(pairs, nulls, STARTED, utf8(millis(step.getStartTime())));
    put(pairs, nulls, ENDED, utf8(millis(step.getEndTime())));
    if (step instanceof StepExecutionImpl) {
      for (Metric metric : step.getMetrics()) {
        put(pairs, nulls, metricField(metric.getType()), utf8(Long.toString(metric.getValue())));
      }
    }
    put(pairs, nulls, PERSISTENT, step.getPersistentUserDataSerialized());
    put(pairs, nulls, READER, step.getReaderCheckpointInfoSerialized());
    put(pairs, nulls, WRITER, step.getWriterCheckpointInfoSerialized());
    return new Encoded(pairs, nulls);
  }

  static StepExecutionImpl step(long id, Map<byte[], byte[]> raw, ClassLoader loader) {
    Map<String, byte[]> hash = byName(raw);
    return new StepExecutionImpl(
        id,
        text(hash, NAME),
        date(hash, STARTED),
        date(hash, ENDED),
        text(hash, STATUS),
        text(hash, EXIT),
        object(hash, PERSISTENT, loader),
        metric(hash, Metric.MetricType.READ_COUNT),
        metric(hash, Metric.MetricType.WRITE_COUNT),
        metric(hash, Metric.MetricType.COMMIT_COUNT),
        metric(hash, Metric.MetricType.ROLLBACK_COUNT),
        metric(hash, Metric.MetricType.READ_SKIP_COUNT),
        metric(hash, Metric.MetricType.PROCESS_SKIP_COUNT),
        metric(hash, Metric.MetricType.FILTER_COUNT),
        metric(hash, Metric.MetricType.WRITE_SKIP_COUNT),
        object(hash, READER, loader),
        object(hash, WRITER, loader));
  }

  static byte[] utf8(String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(List<byte[]> pairs, List<byte[]> nulls, String field, byte[] value) {
    if (value == null) {
      nulls.add(utf8(field));
    } else {
      pairs.add(utf8(field));
      pairs.add(value);
    }
  }

  private static String millis(Date date) {
    return date == null ? null : Long.toString(date.getTime());
  }

  private static String metricField(Metric.MetricType type) {
    return "m:" + type.name();
  }

  private static Map<String, byte[]> byName(Map<byte[], byte[]> raw) {
    Map<String, byte[]> hash = new HashMap<>();
    raw.forEach((field, value) -> hash.put(new String(field, StandardCharsets.UTF_8), value));
    return hash;
  }

  private static String text(Map<String, byte[]> hash, String field) {
    byte[] value = hash.get(field);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static Date date(Map<String, byte[]> hash, String field) {
    String value = text(hash, field);
    return value == null ? null : new Date(Long.parseLong(value));
  }

  private static long metric(Map<String, byte[]> hash, Metric.MetricType type) {
    String value = text(hash, metricField(type));
    return value == null ? 0 : Long.parseLong(value);
  }

  private static Serializable object(Map<String, byte[]> hash, String field, ClassLoader loader) {
    return object(hash.get(field), field, loader);
  }

  /** A serialized value of a step or partition execution, null when there is none. */
  static Serializable object(byte[] value, String field, ClassLoader loader) {
    if (value == null) {
      return null;
    }
    try {
      return BatchUtil.bytesToSerializableObject(value, loader);
    } catch (IOException | ClassNotFoundException e) {
      throw new RepositoryException("cannot read the " + field + " data of a step execution", e);
    }
  }
}
