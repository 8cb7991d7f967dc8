package org.docbatch.worker.preprocessing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.text.Normalizer;

/**
 * Normalises text for the NLP and search stages, one line at a time so any size streams through:
 * Unicode NFC (so "e" + combining acute and "é" compare equal), LF line endings, no control
 * characters but tab, each line trimmed with its runs of spaces collapsed, and runs of blank lines
 * collapsed to one blank line (paragraph breaks survive, page-feed padding does not).
 */
final class TextNormalizer {

  /** What the normalisation did, in UTF-16 chars and lines. */
  record Stats(long charsBefore, long charsAfter, long linesBefore, long linesAfter) {}

  private TextNormalizer() {}

  static Stats normalize(BufferedReader in, Writer out) throws IOException {
    long charsBefore = 0;
    long charsAfter = 0;
    long linesBefore = 0;
    long linesAfter = 0;
    boolean blankPending = false;
    for (String line; (line = in.readLine()) != null; ) {
      linesBefore++;
      // readLine drops the terminator; counting one char for it undercounts CRLF, which is fine for
      // a stat.
      charsBefore += line.length() + 1;
      String clean = cleanLine(line);
      if (clean.isEmpty()) {
        // Leading blank lines are dropped; inner runs become one blank line, written lazily so that
        // trailing blank lines are dropped too.
        blankPending = linesAfter > 0;
        continue;
      }
      if (blankPending) {
        out.write('\n');
        charsAfter++;
        linesAfter++;
        blankPending = false;
      }
      out.write(clean);
      out.write('\n');
      charsAfter += clean.length() + 1;
      linesAfter++;
    }
    return new Stats(charsBefore, charsAfter, linesBefore, linesAfter);
  }

  /**
   * A run of horizontal whitespace becomes one space, or one tab if it contained a tab: tabs often
   * separate columns (TSV, tables pasted from spreadsheets), and turning them into spaces would
   * lose that.
   */
  static String cleanLine(String line) {
    String nfc = Normalizer.normalize(line, Normalizer.Form.NFC);
    StringBuilder clean = new StringBuilder(nfc.length());
    boolean inRun = false;
    boolean runHasTab = false;
    for (int i = 0; i < nfc.length(); ) {
      int c = nfc.codePointAt(i);
      i += Character.charCount(c);
      boolean tab = c == '\t';
      if (tab || Character.isSpaceChar(c)) {
        runHasTab |= tab;
        inRun = true;
        continue;
      }
      if (isDropped(c)) {
        continue;
      }
      if (inRun && clean.length() > 0) {
        clean.append(runHasTab ? '\t' : ' ');
      }
      inRun = false;
      runHasTab = false;
      clean.appendCodePoint(c);
    }
    return clean.toString();
  }

  /**
   * Control characters, and a byte order mark left in the middle of text by careless concatenation.
   */
  private static boolean isDropped(int c) {
    return Character.getType(c) == Character.CONTROL || c == '\uFEFF';
  }
}
