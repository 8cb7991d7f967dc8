package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file written whole or not at all: under a temporary name in the same folder, then renamed, so
 * that a worker killed while writing never leaves a half file under the real name.
 */
public final class ArtifactFile implements AutoCloseable {

  private final Path target;
  private final Path temporary;
  private boolean committed;

  public ArtifactFile(Path target) throws IOException {
    this.target = target;
    Files.createDirectories(target.getParent());
    this.temporary =
        target.resolveSibling(".part-" + UUID.randomUUID() + "-" + target.getFileName());
  }

  public OutputStream open() throws IOException {
    return Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW);
  }

  /** Puts the written file under its name, replacing one written before (a retry's). */
  public void commit() throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Writes {@code text} to {@code target} whole or not at all. */
  public static void write(Path target, String text) throws IOException {
    try (ArtifactFile file = new ArtifactFile(target)) {
      try (OutputStream out = file.open()) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      file.commit();
    }
  }

  /** Removes the temporary file unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temporary);
    }
  }
}
