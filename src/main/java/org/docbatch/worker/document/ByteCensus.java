package org.docbatch.worker.document;

/**
 * Counts what tells text from binary in a stream of bytes (or of decoded UTF-16 chars): NULs,
 * control characters, and whether the bytes are well-formed UTF-8. Incremental, so a file of any
 * size is judged in constant memory.
 */
final class ByteCensus {

  private long total;
  private long nuls;
  private long controls;
  private long cp1252Undefined;
  private boolean utf8Valid = true;
  private int pendingContinuations;

  void add(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      int b = bytes[i] & 0xFF;
      count(b);
      trackUtf8(b);
      // These five bytes have no character in windows-1252; text containing them is ISO-8859-1.
      if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
        cp1252Undefined++;
      }
    }
  }

  void addChars(CharSequence chars) {
    for (int i = 0; i < chars.length(); i++) {
      count(chars.charAt(i));
    }
  }

  private void count(int c) {
    total++;
    if (c == 0) {
      nuls++;
    } else if ((c < 0x20 && !isTextControl(c)) || c == 0x7F) {
      controls++;
    }
  }

  /**
   * Tab, line feed, form feed, carriage return, and the DOS end-of-file marker appear in real text.
   */
  private static boolean isTextControl(int c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == 0x1A;
  }

  /**
   * A structural UTF-8 check (lead bytes and continuation counts). It accepts a few overlong forms
   * a strict decoder would reject; those decode to replacement characters later, which is harmless
   * here.
   */
  private void trackUtf8(int b) {
    if (pendingContinuations > 0) {
      if ((b & 0xC0) == 0x80) {
        pendingContinuations--;
        return;
      }
      utf8Valid = false;
      pendingContinuations = 0;
    }
    if (b < 0x80) {
      return;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      pendingContinuations = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      pendingContinuations = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      pendingContinuations = 3;
    } else {
      utf8Valid = false;
    }
  }

  /** NUL never occurs in text; a few stray control characters may, many mean binary data. */
  boolean looksLikeText() {
    return nuls == 0 && !(controls >= 3 && controls * 100 > total);
  }

  /**
   * @param complete whether the whole input was seen (a sample may end inside a character)
   */
  boolean isUtf8(boolean complete) {
    return utf8Valid && (!complete || pendingContinuations == 0);
  }

  boolean fitsWindows1252() {
    return cp1252Undefined == 0;
  }

  long nuls() {
    return nuls;
  }

  long controls() {
    return controls;
  }
}
