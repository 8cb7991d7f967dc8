package org.docbatch.worker.ocr;

import jakarta.json.JsonObjectBuilder;

/**
 * A document's text as its result keeps it: once, pages separated by a blank line, cut at {@code
 * RESULT_MAX_CHARS}; each page points into it with {@code text_begin} and {@code text_end}. Used
 * where a document is read in one piece and where its pages, read apart, are put together.
 */
final class KeptText {

  private final StringBuilder text = new StringBuilder();
  private final int maxChars;
  private long fullChars;
  private int pages;

  KeptText(int maxChars) {
    this.maxChars = maxChars;
  }

  /** Adds a page's text, as far as the limit allows, and points the page at it. */
  void append(JsonObjectBuilder page, String pageText) {
    String separator = pages++ == 0 ? "" : "\n\n";
    fullChars += separator.length() + pageText.length();
    int begin = Math.min(text.length() + separator.length(), maxChars);
    int room = maxChars - text.length();
    if (room > 0) {
      String both = separator + pageText;
      text.append(both, 0, Math.min(both.length(), room));
    }
    page.add("text_begin", begin).add("text_end", Math.max(begin, text.length()));
  }

  String text() {
    return text.toString();
  }

  /** How long the text was before it was cut. */
  long fullChars() {
    return fullChars;
  }

  boolean truncated() {
    return fullChars > text.length();
  }

  /** Pages added. */
  int pages() {
    return pages;
  }
}
