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
 * @param release for a copy other runs share ({@link SharedCopies}): run on close instead of
 *     removing the copy; null otherwise
 */
public record LocalDocument(Path file, Path scratch, String reference, Runnable release)
    implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalDocument.class.getName());

  /** A copy of its own, or a file read in place ({@code scratch} null). */
  public LocalDocument(Path file, Path scratch, String reference) {
    this(file, scratch, reference, null);
  }

  /** This copy as one run holds it: closing it hands it back to the others instead. */
  LocalDocument releasedBy(Runnable handBack) {
    return new LocalDocument(file, scratch, reference, handBack);
  }

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
    if (release != null) {
      release.run();
      return;
    }
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
