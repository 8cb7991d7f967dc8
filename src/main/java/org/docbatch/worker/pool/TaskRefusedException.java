package org.docbatch.worker.pool;

/** A call of an external worker that is refused, and why: the API answers it with a problem. */
public final class TaskRefusedException extends RuntimeException {

  /** Why a worker's call is refused. */
  public enum Refusal {
    /** No external task type of that name. */
    UNKNOWN_TYPE,
    /** The token is not one this cluster signed, or not for this task. */
    INVALID_TOKEN,
    /** The lease ran out or is another worker's now: the task is (or will be) run again. */
    LEASE_LOST,
    /** The task ran past its pool's timeout: its lease is not extended. */
    TIMED_OUT,
    /** The task's job was cancelled or removed: it is not run. */
    CANCELLED,
    /** The task already has a result (another run recorded one). */
    ALREADY_RECORDED,
    /** The result is larger than {@code MAX_RESULT_KB}. */
    RESULT_TOO_LARGE,
    /** The result could not be written in time (Redis slow or away): report it again. */
    NOT_WRITTEN
  }

  private final Refusal refusal;

  TaskRefusedException(Refusal refusal, String message) {
    super(message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
