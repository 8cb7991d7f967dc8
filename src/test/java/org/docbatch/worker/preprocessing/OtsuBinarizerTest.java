package org.docbatch.worker.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OtsuBinarizerTest {

  @Test
  void separatesTwoNoisyGrayLevels() {
    // given faded ink around level 90 on grayish paper around 170, far from the usual 128 split
    BufferedImage gray = noisyTwoLevelImage(90, 170);

    // when
    int threshold = OtsuBinarizer.threshold(gray);
    BufferedImage binary = OtsuBinarizer.binarize(gray, threshold);

    // then the threshold falls in the gap between the noise bands (80..100 and 160..180), and every
    // pixel is classified as its band
    assertTrue(threshold >= 100 && threshold < 160, "threshold " + threshold);
    assertEquals(Set.of(0, 255), levels(binary));
    WritableRaster in = gray.getRaster();
    WritableRaster out = binary.getRaster();
    for (int y = 0; y < gray.getHeight(); y++) {
      for (int x = 0; x < gray.getWidth(); x++) {
        int expected = in.getSample(x, y, 0) < 130 ? 0 : 255;
        assertEquals(expected, out.getSample(x, y, 0));
      }
    }
  }

  @Test
  void aDarkScanGetsALowThreshold() {
    BufferedImage gray = noisyTwoLevelImage(10, 70);

    int threshold = OtsuBinarizer.threshold(gray);

    assertTrue(threshold >= 20 && threshold < 60, "threshold " + threshold);
  }

  static Set<Integer> levels(BufferedImage gray) {
    Set<Integer> levels = new TreeSet<>();
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < gray.getHeight(); y++) {
      for (int x = 0; x < gray.getWidth(); x++) {
        levels.add(raster.getSample(x, y, 0));
      }
    }
    return levels;
  }

  private static BufferedImage noisyTwoLevelImage(int ink, int paper) {
    BufferedImage gray = new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    Random random = new Random(1);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        int level = (x / 10) % 4 == 0 ? ink : paper;
        raster.setSample(x, y, 0, level + random.nextInt(21) - 10);
      }
    }
    return gray;
  }
}
