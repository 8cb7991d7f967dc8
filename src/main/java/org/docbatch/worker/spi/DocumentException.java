package org.docbatch.worker.spi;

/**
 * A document that cannot be processed. It fails that one document, never the job or the server.
 *
 * <p>The code is stable (clients may match on it); the message is for a person.
 */
public class DocumentException extends Exception {

  /** The code of a run stopped because its job was cancelled: not an outcome, nothing recorded. */
  public static final String INTERRUPTED = "interrupted";

  private final String code;
  private boolean retryable;

  public DocumentException(String code, String message) {
    super(message);
    this.code = code;
  }

  public DocumentException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * Marks the error as transient (an I/O error writing an output, a store that throttled): the run
   * fails and the dispatcher runs the document again after a backoff, up to its type's {@code
   * max_retries}, before it fails with the last error (dead-lettered); other errors fail the
   * document at once.
   *
   * @return this exception
   */
  public DocumentException retryable() {
    retryable = true;
    return this;
  }

  /** Whether another run may succeed where this one failed ({@link #retryable()}). */
  public boolean isRetryable() {
    return retryable;
  }

  /** A stable, machine-readable error code such as {@code unreadable}, {@code corrupt_image}. */
  public String code() {
    return code;
  }
}
