package org.docbatch.repository;

/** The Redis job repository could not read or write what JBeret asked for. */
public final class RepositoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
