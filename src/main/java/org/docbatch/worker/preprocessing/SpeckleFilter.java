package org.docbatch.worker.preprocessing;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Removes the specks a poor scan scatters over a black-and-white page: ink blobs of at most {@value
 * #MAX_AREA} pixels become paper, and paper holes as small inside ink become ink. Letters, even the
 * dot of an i at 300 dpi (about 25 pixels), are larger, so text is untouched; OCR otherwise reads
 * specks as stray punctuation.
 */
final class SpeckleFilter {

  static final int MAX_AREA = 6;

  private static final int INK = 0;
  private static final int PAPER = 255;

  private SpeckleFilter() {}

  /** Cleans a binarised page (0 and 255 only) in place. */
  static BufferedImage clean(BufferedImage binary) {
    WritableRaster raster = binary.getRaster();
    int width = binary.getWidth();
    int height = binary.getHeight();
    byte[] pixels = (byte[]) raster.getDataElements(0, 0, width, height, null);
    fillSmall(pixels, width, height, INK, PAPER);
    fillSmall(pixels, width, height, PAPER, INK);
    raster.setDataElements(0, 0, width, height, pixels);
    return binary;
  }

  /** Repaints every 8-connected blob of {@code colour} of at most MAX_AREA pixels. */
  private static void fillSmall(byte[] pixels, int width, int height, int colour, int fill) {
    boolean[] seen = new boolean[pixels.length];
    int[] blob = new int[MAX_AREA + 1];
    int[] stack = new int[pixels.length];
    for (int start = 0; start < pixels.length; start++) {
      if (seen[start] || (pixels[start] & 0xFF) != colour) {
        continue;
      }
      int size = 0;
      int top = 0;
      stack[top++] = start;
      seen[start] = true;
      while (top > 0) {
        int at = stack[--top];
        if (size <= MAX_AREA) {
          blob[size] = at;
        }
        size++;
        int x = at % width;
        int y = at / width;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
              continue;
            }
            int next = ny * width + nx;
            if (!seen[next] && (pixels[next] & 0xFF) == colour) {
              seen[next] = true;
              stack[top++] = next;
            }
          }
        }
      }
      if (size <= MAX_AREA) {
        for (int i = 0; i < size; i++) {
          pixels[blob[i]] = (byte) fill;
        }
      }
    }
  }
}
