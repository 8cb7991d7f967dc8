package org.docbatch.worker;

/**
 * A run of a document that failed for a reason other than the document itself (a bug, a resource
 * running out): the partition fails, and the dispatcher retries it before dead-lettering it.
 */
public class DocumentRunFailure extends RuntimeException {

  public DocumentRunFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
