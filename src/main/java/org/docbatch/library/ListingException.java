package org.docbatch.library;

/**
 * A job's source that cannot be listed: a bad manifest line (not retried: the manifest must be
 * fixed), or an object store that did not answer ({@link #transientFailure()}: worth another try).
 */
public class ListingException extends RuntimeException {

  private final boolean transientFailure;

  public ListingException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public ListingException(String message) {
    this(message, false, null);
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
