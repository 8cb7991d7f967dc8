package org.docbatch.worker.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.worker.spi.DocumentException;

/**
 * The first check every worker makes: the document is a regular, readable, non-empty file. Doing it
 * up front turns what would be an obscure parser error into a message a user can act on.
 */
public final class ReadableFile {

  private ReadableFile() {}

  /**
   * @return the file's size in bytes, at least 1
   * @throws DocumentException {@code unreadable} or {@code empty_file}
   */
  public static long check(Path file) throws DocumentException {
    if (!Files.isRegularFile(file)) {
      throw new DocumentException(
          "unreadable",
          "The document does not exist or is not a regular file; check the reference.");
    }
    if (!Files.isReadable(file)) {
      throw new DocumentException(
          "unreadable",
          "docbatch has no permission to read the document; fix its file permissions.");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The document could not be read: " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new DocumentException(
          "empty_file", "The document is empty (0 bytes); upload it again.");
    }
    return size;
  }
}
