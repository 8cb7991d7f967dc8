package org.docbatch.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life: {@code PENDING -> QUEUED -> RUNNING -> COMPLETED | FAILED}, or {@code
 * CANCELLED} from any unfinished status. A retry takes a finished job back to {@code PENDING}.
 */
public enum JobStatus {
  /** Recorded, not yet handed to the batch engine. */
  PENDING,
  /** Handed to the batch engine, waiting for a worker. */
  QUEUED,
  /** At least one document is being processed. */
  RUNNING,
  /** Every document has an outcome and at least one succeeded. */
  COMPLETED,
  /** Every document failed, the engine failed, or the job stopped early. */
  FAILED,
  /** Cancelled by a user; documents not yet processed never will be (until a retry). */
  CANCELLED;

  public static final Set<JobStatus> UNFINISHED = EnumSet.of(PENDING, QUEUED, RUNNING);
  public static final Set<JobStatus> RETRYABLE = EnumSet.of(COMPLETED, FAILED, CANCELLED);

  /** The statuses as the comma-separated list the Lua scripts take. */
  public static String list(Set<JobStatus> statuses) {
    return String.join(",", statuses.stream().map(Enum::name).toList());
  }
}
