package org.docbatch.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of lines that rotates by size: when the next line would take it past {@code
 * maxBytes}, {@code audit.log} becomes {@code audit.log.1} (and {@code .1} becomes {@code .2}, ...,
 * up to {@code backups}; the oldest is deleted). Each line is one {@code write} to a file opened
 * with {@code O_APPEND}, so it is in the operating system's hands when {@link #append} returns, and
 * a line written by another process to the same file never lands inside it. Not thread-safe: {@link
 * AuditLog} serialises the calls.
 */
final class AuditFile implements AutoCloseable {

  private final Path file;
  private final long maxBytes;
  private final int backups;
  private FileChannel channel;
  private long size;

  AuditFile(Path file, long maxBytes, int backups) {
    this.file = file.toAbsolutePath();
    this.maxBytes = maxBytes;
    this.backups = backups;
  }

  Path path() {
    return file;
  }

  /** Writes {@code line} and a line break, rotating first when the file is full. */
  void append(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (channel == null) {
      open();
    }
    if (size > 0 && size + bytes.length > maxBytes) {
      rotate();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += bytes.length;
  }

  private void open() throws IOException {
    Files.createDirectories(file.getParent());
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  private void rotate() throws IOException {
    close();
    if (backups == 0) {
      Files.deleteIfExists(file);
    } else {
      Files.deleteIfExists(backup(backups));
      for (int i = backups - 1; i >= 1; i--) {
        if (Files.exists(backup(i))) {
          Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
    }
    open();
  }

  Path backup(int index) {
    return file.resolveSibling(file.getFileName() + "." + index);
  }

  /** Closes the file; the next {@link #append} opens it again (after an error, say). */
  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was buffered in Java: every line was already written.
      }
      channel = null;
    }
  }
}
