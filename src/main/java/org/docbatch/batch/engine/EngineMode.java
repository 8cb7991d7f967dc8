package org.docbatch.batch.engine;

import java.util.Locale;
import org.docbatch.dispatch.coordinator.JobParameters;

/**
 * {@code ENGINE_MODE}: which JSR-352 job operator a node starts its jobs with. Either way the Redis
 * dispatcher runs the documents (partitions) on the worker pools of every node.
 */
public enum EngineMode {
  /** docbatch's own operator over the Redis job repository: any node can take a job over. */
  DOCBATCH,
  /**
   * The WildFly batch subsystem's operator ({@code BatchRuntime.getJobOperator()}) and its own
   * repository: jobs show in the admin console and the management model, but their JSR-352 state
   * lives in the coordinating server only. Its label is {@link JobParameters#SERVER_ENGINE}, the
   * value the partition handler looks for.
   */
  SERVER;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a label (the configuration's value, a job hash's field) names; null is docbatch. */
  public static EngineMode fromLabel(String label) {
    return label == null ? DOCBATCH : valueOf(label.toUpperCase(Locale.ROOT));
  }
}
