package org.docbatch.worker.preprocessing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Black-and-white conversion at the threshold Otsu's method picks: the gray level that best
 * separates the histogram into two classes (maximum between-class variance). It adapts to faded or
 * dark scans where a fixed threshold of 128 loses the text.
 */
final class OtsuBinarizer {

  private OtsuBinarizer() {}

  /** The threshold of an 8-bit grayscale image: levels at or below it are ink. */
  static int threshold(BufferedImage gray) {
    long[] histogram = histogram(gray.getRaster());
    long total = 0;
    long weightedSum = 0;
    for (int level = 0; level < 256; level++) {
      total += histogram[level];
      weightedSum += (long) level * histogram[level];
    }
    long backgroundCount = 0;
    long backgroundSum = 0;
    double bestVariance = -1;
    int best = 127;
    for (int level = 0; level < 256; level++) {
      backgroundCount += histogram[level];
      if (backgroundCount == 0) {
        continue;
      }
      long foregroundCount = total - backgroundCount;
      if (foregroundCount == 0) {
        break;
      }
      backgroundSum += (long) level * histogram[level];
      double meanBelow = (double) backgroundSum / backgroundCount;
      double meanAbove = (double) (weightedSum - backgroundSum) / foregroundCount;
      double variance =
          (double) backgroundCount
              * foregroundCount
              * (meanBelow - meanAbove)
              * (meanBelow - meanAbove);
      if (variance > bestVariance) {
        bestVariance = variance;
        best = level;
      }
    }
    return best;
  }

  /** A new image holding only 0 (ink, at or below the threshold) and 255 (paper). */
  static BufferedImage binarize(BufferedImage gray, int threshold) {
    int width = gray.getWidth();
    int height = gray.getHeight();
    BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Raster in = gray.getRaster();
    WritableRaster out = result.getRaster();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      in.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        row[x] = row[x] <= threshold ? 0 : 255;
      }
      out.setSamples(0, y, width, 1, 0, row);
    }
    return result;
  }

  private static long[] histogram(Raster raster) {
    long[] histogram = new long[256];
    int width = raster.getWidth();
    int[] row = new int[width];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        histogram[row[x]]++;
      }
    }
    return histogram;
  }
}
