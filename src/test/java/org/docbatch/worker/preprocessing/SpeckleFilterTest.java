package org.docbatch.worker.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SpeckleFilterTest {

  @Test
  void specksGoAndHolesFillButADotOfAnIStays() {
    BufferedImage page = blank(40, 40);
    ink(page, 2, 2, 1, 1); // a lone speck
    ink(page, 10, 10, 2, 2); // a clump of four
    ink(page, 20, 20, 5, 5); // the dot of an i at 300 dpi
    ink(page, 30, 0, 10, 10);
    paper(page, 34, 4, 1, 1); // a hole in ink

    SpeckleFilter.clean(page);

    assertEquals(255, sample(page, 2, 2));
    assertEquals(255, sample(page, 10, 10));
    assertEquals(0, sample(page, 22, 22));
    assertEquals(0, sample(page, 34, 4));
  }

  private static BufferedImage blank(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    paper(image, 0, 0, width, height);
    return image;
  }

  private static void ink(BufferedImage image, int x, int y, int w, int h) {
    fill(image, x, y, w, h, 0);
  }

  private static void paper(BufferedImage image, int x, int y, int w, int h) {
    fill(image, x, y, w, h, 255);
  }

  private static void fill(BufferedImage image, int x, int y, int w, int h, int value) {
    for (int j = y; j < y + h; j++) {
      for (int i = x; i < x + w; i++) {
        image.getRaster().setSample(i, j, 0, value);
      }
    }
  }

  private static int sample(BufferedImage image, int x, int y) {
    return image.getRaster().getSample(x, y, 0);
  }
}
