package org.docbatch.dispatch.coordinator;

/**
 * The JSR-352 job parameters the partition handler reads. The job service and the engines above set
 * them; they live here, in the lowest layer that needs them, so that nothing below imports up.
 */
public final class JobParameters {

  /** The docbatch job id, carried into the JSR-352 job. */
  public static final String JOB_ID = "job_id";

  /** The job's priority (-10..10), carried to the dispatcher's queues. */
  public static final String PRIORITY = "priority";

  /** Which operator runs the job: {@value #SERVER_ENGINE} or docbatch's own (absent or other). */
  public static final String ENGINE = "engine";

  /** The {@link #ENGINE} value of a job run by the WildFly batch subsystem's own operator. */
  public static final String SERVER_ENGINE = "server";

  /**
   * The job's type, which names the worker type of the generic job XML of external task types
   * ({@code batch-jobs/external.xml}); the built-in job XMLs name theirs.
   */
  public static final String WORKER_TYPE = "worker_type";

  private JobParameters() {}
}
