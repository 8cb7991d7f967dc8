package org.docbatch.batch;

import org.docbatch.store.ExecutionKey;

/**
 * What becomes of a finished job whose JSR-352 execution the batch subsystem's operator restarts
 * from outside docbatch's API (the admin console's {@code restart-job}): the job layer retries it
 * in that execution. Declared here, where {@link JobOutcomeListener} notices such a restart, and
 * implemented above.
 */
public interface OperatorRestarts {

  /** Retries job {@code jobId} in the restarted {@code execution}, which is starting. */
  void adopt(String jobId, ExecutionKey execution);
}
