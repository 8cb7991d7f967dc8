package org.docbatch.worker.document;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.worker.spi.DocumentException;

/**
 * Works out how a text file is encoded and reads it. The order of evidence: a byte order mark
 * (UTF-8, UTF-16), then well-formed UTF-8, then the single-byte Western encodings, which decode any
 * byte and are therefore only a last resort. Files with NULs or many control characters are not
 * text at all.
 *
 * <p>Everything streams: a 100 MB text file costs a 64 KB buffer, not 100 MB of heap.
 */
public final class TextDecoder {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final int BUFFER = 64 * 1024;

  private TextDecoder() {}

  /** Whether the first bytes of a file look like text; used to sniff files with no signature. */
  public static boolean looksLikeText(byte[] sample, int length) {
    ByteCensus census = new ByteCensus();
    Charset utf16 = utf16Bom(sample, length);
    if (utf16 != null) {
      census.addChars(new String(sample, 2, length - 2, utf16));
    } else {
      census.add(sample, length);
    }
    return census.looksLikeText();
  }

  /**
   * Reads the whole file once to decide its encoding.
   *
   * @throws DocumentException {@code not_text} when the content is binary, {@code unreadable} on
   *     I/O errors
   */
  public static TextEncoding detect(Path file) throws DocumentException {
    try {
      byte[] head = readHead(file);
      Charset utf16 = utf16Bom(head, head.length);
      if (utf16 != null) {
        TextEncoding encoding = new TextEncoding(utf16, 2);
        requireText(censusOfChars(file, encoding));
        return encoding;
      }
      ByteCensus census = censusOfBytes(file);
      requireText(census);
      if (hasUtf8Bom(head)) {
        return new TextEncoding(StandardCharsets.UTF_8, 3);
      }
      if (census.isUtf8(true)) {
        return new TextEncoding(StandardCharsets.UTF_8, 0);
      }
      return new TextEncoding(
          census.fitsWindows1252() ? WINDOWS_1252 : StandardCharsets.ISO_8859_1, 0);
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The text file could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the file for reading in its encoding, past its byte order mark. Malformed sequences
   * become U+FFFD rather than failing: one bad byte should not cost a user the whole document.
   */
  public static BufferedReader open(Path file, TextEncoding encoding) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      in.skipNBytes(encoding.bomLength());
    } catch (IOException e) {
      in.close();
      throw e;
    }
    var decoder =
        encoding
            .charset()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new BufferedReader(new InputStreamReader(in, decoder), BUFFER);
  }

  private static void requireText(ByteCensus census) throws DocumentException {
    if (!census.looksLikeText()) {
      throw new DocumentException(
          "not_text",
          "The file is binary, not text ("
              + census.nuls()
              + " NUL bytes, "
              + census.controls()
              + " control characters); check that the right file was submitted.");
    }
  }

  private static ByteCensus censusOfBytes(Path file) throws IOException {
    ByteCensus census = new ByteCensus();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        census.add(buffer, n);
      }
    }
    return census;
  }

  private static ByteCensus censusOfChars(Path file, TextEncoding encoding) throws IOException {
    ByteCensus census = new ByteCensus();
    try (Reader reader = open(file, encoding)) {
      char[] buffer = new char[BUFFER];
      for (int n; (n = reader.read(buffer)) > 0; ) {
        census.addChars(CharBuffer.wrap(buffer, 0, n));
      }
    }
    return census;
  }

  private static byte[] readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(3);
    }
  }

  private static boolean hasUtf8Bom(byte[] head) {
    return head.length >= 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF;
  }

  private static Charset utf16Bom(byte[] head, int length) {
    if (length < 2) {
      return null;
    }
    int first = head[0] & 0xFF;
    int second = head[1] & 0xFF;
    if (first == 0xFF && second == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (first == 0xFE && second == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }
}
