package org.docbatch.worker.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.worker.spi.DocumentException;

/**
 * Tells a document's type from its first bytes, never from its name: names lie (a PNG saved as
 * {@code .jpg}), signatures rarely do. Content with no known signature is {@link DocumentType#TEXT}
 * when its first 8 KB look like text, {@link DocumentType#UNKNOWN} otherwise.
 */
public final class FileTypeSniffer {

  private static final int SAMPLE = 8 * 1024;

  /** PDF allows junk before the header; readers accept it within the first 1024 bytes. */
  private static final int PDF_HEADER_WINDOW = 1024;

  private FileTypeSniffer() {}

  public static DocumentType sniff(Path file) throws DocumentException {
    byte[] sample;
    try (InputStream in = Files.newInputStream(file)) {
      sample = in.readNBytes(SAMPLE);
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The document could not be read: " + e.getMessage(), e);
    }
    return sniff(sample, sample.length);
  }

  static DocumentType sniff(byte[] head, int length) {
    if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return DocumentType.PNG;
    }
    if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
      return DocumentType.JPEG;
    }
    if (startsWith(head, length, 'I', 'I', 42, 0) || startsWith(head, length, 'M', 'M', 0, 42)) {
      return DocumentType.TIFF;
    }
    if (startsWith(head, length, 'G', 'I', 'F', '8')) {
      return DocumentType.GIF;
    }
    if (length >= 12
        && startsWith(head, length, 'R', 'I', 'F', 'F')
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return DocumentType.WEBP;
    }
    if (isBmp(head, length)) {
      return DocumentType.BMP;
    }
    if (hasPdfHeader(head, length)) {
      return DocumentType.PDF;
    }
    return TextDecoder.looksLikeText(head, length) ? DocumentType.TEXT : DocumentType.UNKNOWN;
  }

  /**
   * "BM" alone would claim any text starting with those letters, so the reserved header bytes
   * (zero) and the size of the info header that follows (one of the sizes the format defines) are
   * checked too.
   */
  private static boolean isBmp(byte[] head, int length) {
    if (length < 18 || !startsWith(head, length, 'B', 'M')) {
      return false;
    }
    for (int i = 6; i < 10; i++) {
      if (head[i] != 0) {
        return false;
      }
    }
    int infoSize =
        (head[14] & 0xFF)
            | (head[15] & 0xFF) << 8
            | (head[16] & 0xFF) << 16
            | (head[17] & 0xFF) << 24;
    return infoSize == 12
        || infoSize == 40
        || infoSize == 52
        || infoSize == 56
        || infoSize == 64
        || infoSize == 108
        || infoSize == 124;
  }

  private static boolean hasPdfHeader(byte[] head, int length) {
    int window = Math.min(length, PDF_HEADER_WINDOW) - 5;
    for (int i = 0; i < window; i++) {
      if (head[i] == '%'
          && head[i + 1] == 'P'
          && head[i + 2] == 'D'
          && head[i + 3] == 'F'
          && head[i + 4] == '-') {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] head, int length, int... signature) {
    if (length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
