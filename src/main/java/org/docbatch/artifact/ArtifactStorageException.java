package org.docbatch.artifact;

import java.io.IOException;

/**
 * A storage failure, said without the server's paths: its message reaches API clients (a document's
 * error); the cause, logged by the store with the path, stays on the server.
 */
public class ArtifactStorageException extends IOException {

  public ArtifactStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
