package org.docbatch.job;

/**
 * A request that the job's current status does not allow (cancel a finished job, retry a running
 * one).
 */
public class JobStateException extends Exception {

  private final String code;

  public JobStateException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
