package org.docbatch.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A document as a file on this node for one run: the file itself for a path under the document
 * root, a scratch copy for an object (removed, with its folder, on {@link #close}).
 *
 * @param file the file to read
 * @param scratch the folder holding a copy, removed on close; null for a file read in place
 * @param reference the client's own reference, shown wherever the copy's path would be
 */
public record LocalDocument(Path file, Path scratch, String reference) implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalDocument.class.getName());

  /** A file read where it is. */
  public static LocalDocument inPlace(Path file, String reference) {
    return new LocalDocument(file, null, reference);
  }

  /** {@code message} with the client's reference where it names the scratch copy. */
  public String shown(String message) {
    if (scratch == null || message == null) {
      return message;
    }
    return message.replace(file.toString(), reference).replace(scratch.toString(), reference);
  }

  /** Removes the copy; a copy that cannot be removed is logged, never the run's failure. */
  @Override
  public void close() {
    if (scratch == null) {
      return;
    }
    try (Stream<Path> files = Files.list(scratch)) {
      for (Path each : files.toList()) {
        Files.deleteIfExists(each);
      }
      Files.deleteIfExists(scratch);
    } catch (java.nio.file.NoSuchFileException e) {
      // removed already
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, e, () -> "DOCBATCH-1720 cannot remove the scratch copy of " + reference);
    }
  }
}
