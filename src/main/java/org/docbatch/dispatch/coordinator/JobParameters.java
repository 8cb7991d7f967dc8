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

  /**
   * Set on every job docbatch starts ({@code docbatch}): its partitioned steps go to the Redis
   * dispatcher. {@value #SERVER_ENGINE} marked a job of a server's in-memory repository (the
   * retired {@code ENGINE_MODE=server}).
   */
  public static final String ENGINE = "engine";

  /** The {@link #ENGINE} value of a job run on a server's in-memory repository (retired mode). */
  public static final String SERVER_ENGINE = "server";

  /**
   * The job's type, which names the worker type of the generic job XML of external task types
   * ({@code batch-jobs/external.xml}); the built-in job XMLs name theirs.
   */
  public static final String WORKER_TYPE = "worker_type";

  private JobParameters() {}
}
