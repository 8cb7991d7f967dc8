package org.docbatch.worker.validation;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines, characters and words of a text, counted in one streaming pass. Characters are Unicode code
 * points (an emoji is one), lines end at LF, CRLF or a lone CR, and a word is a run of
 * non-whitespace.
 */
record TextStats(long lines, long chars, long words) {

  static TextStats count(Reader reader) throws IOException {
    long lines = 0;
    long chars = 0;
    long words = 0;
    boolean inWord = false;
    boolean lineOpen = false;
    int previous = -1;
    char[] buffer = new char[64 * 1024];
    for (int n; (n = reader.read(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (!Character.isLowSurrogate(c)) {
          chars++;
        }
        if (c == '\n' || c == '\r') {
          // The LF of a CRLF pair ends the line the CR already ended.
          if (!(c == '\n' && previous == '\r')) {
            lines++;
          }
          lineOpen = false;
        } else {
          lineOpen = true;
        }
        boolean space = Character.isWhitespace(c) || c == '\u00A0';
        if (!space && !inWord) {
          words++;
        }
        inWord = !space;
        previous = c;
      }
    }
    return new TextStats(lineOpen ? lines + 1 : lines, chars, words);
  }
}
