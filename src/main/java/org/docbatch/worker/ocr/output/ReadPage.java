package org.docbatch.worker.ocr.output;

/**
 * One page of a document as it was read, what every output format is made from.
 *
 * @param number the page, from 1
 * @param fromTextLayer whether its text is the PDF page's own (no OCR, no words)
 * @param text its text
 * @param tsv Tesseract's TSV of its words, empty for a text-layer page
 * @param words the same words, parsed; for a text-layer page, no words and the page's size at the
 *     job's dpi
 * @param turnedClockwise how far the page image was turned clockwise from upright when it was read
 *     upright (0, 90, 180, 270): the boxes are of the upright page
 * @param dpi the page image's resolution
 */
public record ReadPage(
    int number,
    boolean fromTextLayer,
    String text,
    String tsv,
    PageWords words,
    int turnedClockwise,
    int dpi) {

  /** The width of the page image as it came in (before it was turned upright), in pixels. */
  public int imageWidth() {
    return turnedClockwise % 180 == 0 ? words.width() : words.height();
  }

  public int imageHeight() {
    return turnedClockwise % 180 == 0 ? words.height() : words.width();
  }
}
