package org.docbatch.s3;

import java.io.IOException;

/**
 * A request to the object store that failed, translated at the edge from the SDK's exceptions. The
 * message names the object, never a credential; {@link #transientFailure()} tells whether trying
 * again later may work (throttling, a 5xx, the store out of reach), after the SDK's own retries.
 */
public class ObjectStoreException extends IOException {

  private final boolean transientFailure;

  public ObjectStoreException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }

  /** The object (or bucket) does not exist. */
  public static final class NotFound extends ObjectStoreException {
    public NotFound(S3Location location) {
      super("no object " + location, false, null);
    }
  }

  /** The object is larger than the caller accepts; nothing more of it was read. */
  public static final class TooLarge extends ObjectStoreException {
    public TooLarge(S3Location location, long size, long limit) {
      super(location + " is " + size + " bytes, more than the " + limit + " accepted", false, null);
    }
  }
}
