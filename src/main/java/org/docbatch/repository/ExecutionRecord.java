package org.docbatch.repository;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;

/**
 * How a job execution is kept in Redis: a hash of strings (instance id, times in epoch
 * milliseconds, statuses, JBeret's combined restart position and user) and its job parameters as a
 * hash of their own.
 */
final class ExecutionRecord {

  static final String INSTANCE = "instance";
  private static final String CREATED = "created";
  private static final String STARTED = "started";
  private static final String ENDED = "ended";
  private static final String UPDATED = "updated";
  static final String STATUS = "status";
  private static final String EXIT = "exit";
  private static final String RESTART = "restart";
  private static final String HAS_PARAMETERS = "parameters";

  private ExecutionRecord() {}

  /** Field/value pairs of the execution hash; fields whose value is null are left out. */
  static List<String> fields(JobExecutionImpl execution) {
    List<String> pairs = new ArrayList<>();
    put(pairs, INSTANCE, Long.toString(execution.getJobInstance().getInstanceId()));
    put(pairs, CREATED, millis(execution.getCreateTime()));
    put(pairs, STARTED, millis(execution.getStartTime()));
    put(pairs, ENDED, millis(execution.getEndTime()));
    put(pairs, UPDATED, millis(execution.getLastUpdatedTime()));
    put(
        pairs,
        STATUS,
        execution.getBatchStatus() == null ? null : execution.getBatchStatus().name());
    put(pairs, EXIT, execution.getExitStatus());
    put(pairs, RESTART, execution.combineRestartPositionAndUser());
    put(pairs, HAS_PARAMETERS, execution.getJobParameters() == null ? "0" : "1");
    return pairs;
  }

  /**
   * Fields whose value is null now: deleted, so that a value of an earlier update does not linger.
   */
  static List<String> nullFields(JobExecutionImpl execution) {
    List<String> fields = new ArrayList<>();
    List<String> pairs = fields(execution);
    Set<String> written = new HashSet<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      written.add(pairs.get(i));
    }
    for (String field :
        List.of(INSTANCE, CREATED, STARTED, ENDED, UPDATED, STATUS, EXIT, RESTART)) {
      if (!written.contains(field)) {
        fields.add(field);
      }
    }
    return fields;
  }

  /** The job parameters as field/value pairs. */
  static List<String> parameters(Properties parameters) {
    List<String> pairs = new ArrayList<>();
    if (parameters != null) {
      for (String name : parameters.stringPropertyNames()) {
        pairs.add(name);
        pairs.add(parameters.getProperty(name));
      }
    }
    return pairs;
  }

  static JobExecutionImpl read(
      long id, JobInstanceImpl instance, Map<String, String> hash, Map<String, String> parameters) {
    Properties properties = null;
    if ("1".equals(hash.get(HAS_PARAMETERS))) {
      properties = new Properties();
      properties.putAll(parameters);
    }
    return new JobExecutionImpl(
        instance,
        id,
        properties,
        date(hash.get(CREATED)),
        date(hash.get(STARTED)),
        date(hash.get(ENDED)),
        date(hash.get(UPDATED)),
        hash.get(STATUS),
        hash.get(EXIT),
        hash.get(RESTART));
  }

  private static void put(List<String> pairs, String field, String value) {
    if (value != null) {
      pairs.add(field);
      pairs.add(value);
    }
  }

  private static String millis(Date date) {
    return date == null ? null : Long.toString(date.getTime());
  }

  private static Date date(String millis) {
    return millis == null ? null : new Date(Long.parseLong(millis));
  }
}
