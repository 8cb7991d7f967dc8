package org.docbatch.library;

/**
 * The store holding a document did not answer, or answered that it cannot now (throttling, a 5xx),
 * after its client's own retries: not the document's failure. Its run is tried again later with no
 * attempt counted, so that a job completes once the store is back.
 */
public class DocumentStoreOutage extends RuntimeException {

  public DocumentStoreOutage(String message, Throwable cause) {
    super(message, cause);
  }
}
