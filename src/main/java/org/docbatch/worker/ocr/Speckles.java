package org.docbatch.worker.ocr;

import org.docbatch.worker.ocr.engine.GrayPage;

/**
 * Whether a page is sprinkled with specks, as a poor scan or fax is: Tesseract reads such a page
 * with a good mean confidence but turns specks near the text into stray letters (5-6% character
 * error on the generated noisy page, against 0 once cleaned), so a speckled page is read through
 * the cleaning path first. A speck is a dark pixel whose eight neighbours are all light; printed
 * text, even anti-aliased, has almost none.
 */
final class Speckles {

  /** One speck per 2000 pixels: the generated noisy page has about one per 75. */
  static final double MAX_SHARE = 0.0005;

  private static final int DARK = 128;

  private Speckles() {}

  static boolean many(GrayPage page) {
    int w = page.width();
    int h = page.height();
    byte[] p = page.pixels();
    long wanted = (long) Math.ceil((double) w * h * MAX_SHARE);
    long specks = 0;
    for (int y = 1; y < h - 1; y++) {
      int row = y * w;
      for (int x = 1; x < w - 1; x++) {
        if (dark(p[row + x]) && alone(p, row + x, w) && ++specks > wanted) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean alone(byte[] p, int at, int w) {
    return !dark(p[at - w - 1])
        && !dark(p[at - w])
        && !dark(p[at - w + 1])
        && !dark(p[at - 1])
        && !dark(p[at + 1])
        && !dark(p[at + w - 1])
        && !dark(p[at + w])
        && !dark(p[at + w + 1]);
  }

  private static boolean dark(byte pixel) {
    return (pixel & 0xFF) < DARK;
  }
}
