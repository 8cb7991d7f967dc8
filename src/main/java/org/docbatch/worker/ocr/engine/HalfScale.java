package org.docbatch.worker.ocr.engine;

/**
 * A page at half its resolution (each 2x2 block averaged), for orientation detection: OSD judges
 * letter shapes, which 12 pt text keeps at 150 dpi, and costs about a quarter as much on a quarter
 * of the pixels (on a 300 dpi page it cost more than reading it when run at full size).
 */
final class HalfScale {

  /** Pages below this resolution are detected as they are. */
  static final int MIN_DPI = 200;

  private HalfScale() {}

  static GrayPage of(GrayPage page) {
    if (page.dpi() < MIN_DPI || page.width() < 2 || page.height() < 2) {
      return page;
    }
    int w = page.width() / 2;
    int h = page.height() / 2;
    int stride = page.width();
    byte[] in = page.pixels();
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      int top = 2 * y * stride;
      int bottom = top + stride;
      for (int x = 0; x < w; x++) {
        int sum =
            (in[top + 2 * x] & 0xFF)
                + (in[top + 2 * x + 1] & 0xFF)
                + (in[bottom + 2 * x] & 0xFF)
                + (in[bottom + 2 * x + 1] & 0xFF);
        out[y * w + x] = (byte) ((sum + 2) / 4);
      }
    }
    return new GrayPage(w, h, page.dpi() / 2, out);
  }
}
