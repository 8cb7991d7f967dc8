package org.docbatch.worker.ocr;

import org.docbatch.worker.ocr.engine.GrayPage;

/**
 * Whether a page has marks on it: a page with ink from which OCR reads no text is worth a warning
 * (a photo, handwriting, a language not asked for), a blank page is not. Judged on the cleaned
 * page, after binarising and despeckling, so that scanner noise is not ink.
 */
final class Ink {

  /** 0.1% of the page dark: a short line of 12 pt text on an A4 page at 300 dpi is about 0.2%. */
  static final double MIN_SHARE = 0.001;

  private static final int DARK = 128;

  private Ink() {}

  static boolean on(GrayPage page) {
    byte[] pixels = page.pixels();
    long wanted = (long) Math.ceil(pixels.length * MIN_SHARE);
    long dark = 0;
    for (byte pixel : pixels) {
      if ((pixel & 0xFF) < DARK && ++dark >= wanted) {
        return true;
      }
    }
    return false;
  }
}
