package org.docbatch.worker.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.docbatch.worker.document.TextDecoder;
import org.docbatch.worker.document.TextEncoding;
import org.docbatch.worker.spi.DocumentException;

/**
 * Reads a text file in whatever encoding it is in, refusing it once it passes {@code max_chars}: at
 * most {@code max_chars + 1} characters are ever held, however large the file.
 */
final class TextFileInput {

  private TextFileInput() {}

  static NlpInput read(Path file, long sizeBytes, int maxChars) throws DocumentException {
    // Any encoding docbatch reads spends at most 3 bytes per UTF-16 character (plus a byte order
    // mark), so a file this large is over the limit without reading it.
    if (sizeBytes > 3L * maxChars + 3) {
      throw TextTooLong.error("The text (" + sizeBytes + " bytes)", maxChars);
    }
    TextEncoding encoding = TextDecoder.detect(file);
    StringBuilder text = new StringBuilder();
    try (BufferedReader in = TextDecoder.open(file, encoding)) {
      char[] buffer = new char[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
        if (text.length() > maxChars) {
          throw TextTooLong.error("The text", maxChars);
        }
      }
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The text file could not be read: " + e.getMessage(), e);
    }
    return new NlpInput(text.toString(), "text", encoding.name(), 0);
  }
}
