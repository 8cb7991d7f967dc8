package org.docbatch.worker.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.docbatch.testdocs.TestDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkewEstimatorTest {

  @ParameterizedTest
  @ValueSource(doubles = {-8.0, -2.5, 0.0, 1.2, 4.0, 9.0})
  void findsTheAngleTextWasRotatedBy(double degrees) {
    // given text rotated clockwise by the angle
    BufferedImage gray = Grayscale.of(TestDocuments.textImage(degrees));

    // when
    double estimated = SkewEstimator.estimateDegrees(gray);

    // then
    assertEquals(degrees, estimated, 0.5);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-6.0, 3.0})
  void rotatingByTheNegatedEstimateStraightensTheText(double degrees) {
    BufferedImage gray = Grayscale.of(TestDocuments.textImage(degrees));

    BufferedImage straightened = ImageRotator.rotate(gray, -SkewEstimator.estimateDegrees(gray));

    assertEquals(0.0, SkewEstimator.estimateDegrees(straightened), 0.3);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 5.0})
  void worksOnALargePageThroughItsDownscaledCopy(double degrees) {
    // given a 3600-pixel-wide page: the estimator must downscale it first
    BufferedImage page = new BufferedImage(3600, 1200, BufferedImage.TYPE_BYTE_GRAY);
    var g = page.createGraphics();
    g.drawImage(TestDocuments.textImage(degrees), 0, 0, 3600, 1200, null);
    g.dispose();

    assertEquals(degrees, SkewEstimator.estimateDegrees(page), 0.5);
  }

  @Test
  void aBlankPageHasNoSkew() {
    BufferedImage blank = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY);
    var g = blank.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 800, 600);
    g.dispose();

    assertEquals(0.0, SkewEstimator.estimateDegrees(blank));
  }
}
