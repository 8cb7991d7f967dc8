package org.docbatch.worker.pool;

import org.docbatch.library.LocalDocument;

/** A leased task's document, opened for its worker to read; close it after. */
public record TaskDocument(String reference, LocalDocument local) implements AutoCloseable {
  @Override
  public void close() {
    local.close();
  }
}
