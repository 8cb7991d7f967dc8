package org.docbatch.worker.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.docbatch.worker.spi.DocumentException;

/**
 * The SHA-256 of a file's content, hex encoded. The caller compares it across a job's documents to
 * find duplicates, so it must be of the bytes exactly as stored.
 */
final class ContentHash {

  private ContentHash() {}

  static String sha256(Path file) throws DocumentException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The document could not be read: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
