package org.docbatch.worker.preprocessing;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Converts an image to 8-bit grayscale with Rec. 601 luma, compositing transparency over white (a
 * transparent background is paper, not ink). Done by hand rather than with {@code ColorConvertOp},
 * which converts through a linear gray space and darkens mid-tones.
 */
final class Grayscale {

  private Grayscale() {}

  static BufferedImage of(BufferedImage source) {
    if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return source;
    }
    int width = source.getWidth();
    int height = source.getHeight();
    BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    int[] argb = new int[width];
    int[] luma = new int[width];
    for (int y = 0; y < height; y++) {
      source.getRGB(0, y, width, 1, argb, 0, width);
      for (int x = 0; x < width; x++) {
        luma[x] = luma(argb[x]);
      }
      raster.setPixels(0, y, width, 1, luma);
    }
    return gray;
  }

  private static int luma(int argb) {
    int alpha = argb >>> 24;
    int r = overWhite((argb >> 16) & 0xFF, alpha);
    int g = overWhite((argb >> 8) & 0xFF, alpha);
    int b = overWhite(argb & 0xFF, alpha);
    return (299 * r + 587 * g + 114 * b + 500) / 1000;
  }

  private static int overWhite(int channel, int alpha) {
    return (channel * alpha + 255 * (255 - alpha) + 127) / 255;
  }
}
