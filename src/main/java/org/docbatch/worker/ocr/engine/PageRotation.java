package org.docbatch.worker.ocr.engine;

/**
 * Turns a gray page by a quarter turn or a half turn, pixel for pixel (no resampling), so that a
 * page that came in sideways or upside down is read upright.
 */
final class PageRotation {

  private PageRotation() {}

  /**
   * @param turnedClockwise how far the page is turned clockwise (90, 180 or 270): it is turned back
   *     by as much counter-clockwise
   */
  static GrayPage upright(GrayPage page, int turnedClockwise) {
    int w = page.width();
    int h = page.height();
    byte[] in = page.pixels();
    byte[] out = new byte[in.length];
    switch (turnedClockwise) {
      case 180 -> {
        for (int i = 0; i < in.length; i++) {
          out[in.length - 1 - i] = in[i];
        }
        return new GrayPage(w, h, page.dpi(), out);
      }
      case 90 -> {
        // Counter-clockwise: source (x, y) goes to (y, w - 1 - x) of an h-wide page.
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            out[(w - 1 - x) * h + y] = in[y * w + x];
          }
        }
        return new GrayPage(h, w, page.dpi(), out);
      }
      case 270 -> {
        // Clockwise: source (x, y) goes to (h - 1 - y, x) of an h-wide page.
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            out[x * h + (h - 1 - y)] = in[y * w + x];
          }
        }
        return new GrayPage(h, w, page.dpi(), out);
      }
      default -> {
        return page;
      }
    }
  }
}
