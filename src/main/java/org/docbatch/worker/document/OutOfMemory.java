package org.docbatch.worker.document;

/**
 * Finds an {@link OutOfMemoryError} that a decoder wrapped: ImageIO's PNG reader and PDFBox catch
 * every {@code Throwable} and rethrow it as an I/O error, which would otherwise be reported as a
 * damaged document.
 */
public final class OutOfMemory {

  private OutOfMemory() {}

  /** The error itself, or the first {@link OutOfMemoryError} among its causes, or null. */
  public static OutOfMemoryError in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutOfMemoryError outOfMemory) {
        return outOfMemory;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
