package org.docbatch.worker.preprocessing;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Cleans a scanned page for OCR, in memory: grayscale, then deskew, then Otsu binarisation and the
 * removal of specks ({@link SpeckleFilter}). Deskewing comes before binarisation because rotating a
 * black-and-white image smears its edges into gray; rotating the gray image and thresholding
 * afterwards keeps glyph edges crisp.
 */
public final class ScanCleanup {

  /** Below this, rotating costs more sharpness than the skew costs OCR accuracy. */
  static final double MIN_ROTATION_DEGREES = 0.3;

  /**
   * A cleaned page and what was done to it.
   *
   * @param image the cleaned page
   * @param steps the steps applied, in order: {@code grayscale}, {@code deskew}, {@code binarize},
   *     {@code despeckle}
   * @param skewDegrees the skew found, when deskewing was asked for
   * @param threshold Otsu's threshold, when binarising was asked for
   */
  public record Cleaned(
      BufferedImage image, List<String> steps, OptionalDouble skewDegrees, OptionalInt threshold) {

    public boolean rotated() {
      return steps.contains("deskew");
    }
  }

  private ScanCleanup() {}

  public static Cleaned clean(
      BufferedImage image, boolean grayscale, boolean deskew, boolean binarize) {
    List<String> steps = new ArrayList<>();
    OptionalDouble skew = OptionalDouble.empty();
    OptionalInt threshold = OptionalInt.empty();
    if (grayscale || binarize) {
      image = Grayscale.of(image);
      steps.add("grayscale");
    }
    if (deskew) {
      double angle = SkewEstimator.estimateDegrees(Grayscale.of(image));
      skew = OptionalDouble.of(angle);
      if (Math.abs(angle) >= MIN_ROTATION_DEGREES) {
        image = ImageRotator.rotate(image, -angle);
        steps.add("deskew");
      }
    }
    if (binarize) {
      int otsu = OtsuBinarizer.threshold(image);
      image = OtsuBinarizer.binarize(image, otsu);
      threshold = OptionalInt.of(otsu);
      steps.add("binarize");
      image = SpeckleFilter.clean(image);
      steps.add("despeckle");
    }
    return new Cleaned(image, List.copyOf(steps), skew, threshold);
  }

  /** The page as 8-bit gray, whatever it was: OCR reads gray. */
  public static BufferedImage gray(BufferedImage image) {
    return Grayscale.of(image);
  }
}
