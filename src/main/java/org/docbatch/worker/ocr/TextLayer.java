package org.docbatch.worker.ocr;

import java.io.IOException;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A PDF page's own text, when it is good enough to use instead of OCR. A page counts as having a
 * text layer when it yields at least {@value #MIN_CHARACTERS} visible characters, nearly all of
 * them letters, digits, punctuation or symbols: scanned PDFs often carry an invisible layer of a
 * few stray characters, or of unmapped glyphs that come out as replacement characters, and OCR
 * reads those pages better.
 */
final class TextLayer {

  static final int MIN_CHARACTERS = 20;

  private static final double MIN_READABLE_SHARE = 0.9;

  private TextLayer() {}

  /**
   * @param index the page, from 0
   * @return the page's text, or empty when it has none worth using
   */
  static Optional<String> of(PDDocument document, int index) {
    String text;
    try {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(index + 1);
      stripper.setEndPage(index + 1);
      text = stripper.getText(document);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable text layer: the page is rendered and read instead
    }
    return isGood(text) ? Optional.of(text.strip()) : Optional.empty();
  }

  static boolean isGood(String text) {
    int visible = 0;
    int readable = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c)) {
        continue;
      }
      visible++;
      if (c != 0xFFFD
          && !Character.isISOControl(c)
          && Character.getType(c) != Character.PRIVATE_USE) {
        readable++;
      }
    }
    return visible >= MIN_CHARACTERS && readable >= MIN_READABLE_SHARE * visible;
  }
}
