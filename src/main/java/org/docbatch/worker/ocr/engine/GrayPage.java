package org.docbatch.worker.ocr.engine;

/**
 * One page as Tesseract reads it: 8-bit grayscale pixels, row after row.
 *
 * @param width pixels per row
 * @param height rows
 * @param dpi the page's resolution, which Tesseract uses to judge text size
 * @param pixels {@code width * height} bytes, 0 black to 255 white
 */
public record GrayPage(int width, int height, int dpi, byte[] pixels) {

  public GrayPage {
    if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
      throw new IllegalArgumentException(
          "a " + width + " x " + height + " page needs " + (long) width * height + " pixels");
    }
  }
}
