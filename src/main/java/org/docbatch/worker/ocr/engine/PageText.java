package org.docbatch.worker.ocr.engine;

/**
 * What Tesseract read on one page.
 *
 * @param text the page's text, UTF-8, lines separated by newlines
 * @param confidence Tesseract's mean word confidence, 0..100
 * @param tsv the words with their boxes in Tesseract's TSV format, or empty when not asked for (of
 *     the page as read: upright when it was turned)
 * @param millis how long recognition took
 * @param orientation how the page came in, and whether it was turned upright
 */
public record PageText(
    String text, int confidence, String tsv, long millis, Orientation orientation) {

  /** A page read as it came. */
  public PageText(String text, int confidence, String tsv, long millis) {
    this(text, confidence, tsv, millis, Orientation.UNCHECKED);
  }

  /** Whether this reading has no text, or a mean confidence below {@code minConfidence}. */
  public boolean weak(int minConfidence) {
    return text.isBlank() || confidence < minConfidence;
  }

  /** Text beats none; then the higher confidence. */
  public boolean betterThan(PageText other) {
    if (text.isBlank() != other.text.isBlank()) {
      return !text.isBlank();
    }
    return confidence > other.confidence;
  }

  PageText with(Orientation found, long totalMillis) {
    return new PageText(text, confidence, tsv, totalMillis, found);
  }
}
