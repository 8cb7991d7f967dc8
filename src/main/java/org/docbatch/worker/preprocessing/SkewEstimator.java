package org.docbatch.worker.preprocessing;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * Estimates how far a page's text lines are rotated, by projection profiles: project the ink onto
 * the vertical axis of a frame rotated by each candidate angle; when the frame is aligned with the
 * text, the ink piles up into sharp peaks (the lines) and empty valleys (the gaps), which maximises
 * the profile's variance. Angles are searched over -10..+10 degrees, coarsely, then finely around
 * the best.
 *
 * <p>Works on a binarised copy scaled to at most {@value #WORK_WIDTH} pixels wide: the angle does
 * not depend on resolution, and the cost then does not depend on the page size.
 */
final class SkewEstimator {

  static final double MAX_DEGREES = 10;
  private static final int WORK_WIDTH = 1000;
  private static final double COARSE_STEP = 0.5;
  private static final double FINE_STEP = 0.05;

  /** Enough ink points for a stable profile; more only costs time. */
  private static final int MAX_POINTS = 200_000;

  private SkewEstimator() {}

  /**
   * @param gray an 8-bit grayscale image
   * @return the clockwise rotation of the text in degrees (as seen on screen); rotating the image
   *     by its negation straightens it. 0 when the image has too little ink to tell.
   */
  static double estimateDegrees(BufferedImage gray) {
    BufferedImage small = downscale(gray);
    int[][] ink = inkPoints(small, OtsuBinarizer.threshold(small));
    if (ink[0].length < 50) {
      return 0;
    }
    double coarse = search(ink, -MAX_DEGREES, MAX_DEGREES, COARSE_STEP);
    double fine = search(ink, coarse - COARSE_STEP, coarse + COARSE_STEP, FINE_STEP);
    return Math.round(fine * 100) / 100.0;
  }

  private static double search(int[][] ink, double from, double to, double step) {
    double bestAngle = 0;
    double bestScore = -1;
    int steps = (int) Math.round((to - from) / step);
    for (int i = 0; i <= steps; i++) {
      double angle = from + i * step;
      double score = profileScore(ink, Math.toRadians(angle));
      // Prefer the smaller rotation on ties so that blank-ish pages are not rotated for nothing.
      if (score > bestScore || (score == bestScore && Math.abs(angle) < Math.abs(bestAngle))) {
        bestScore = score;
        bestAngle = angle;
      }
    }
    return bestAngle;
  }

  /**
   * Sum of squared bin counts: with a fixed number of points, maximal exactly when the variance is.
   */
  private static double profileScore(int[][] ink, double radians) {
    double sin = Math.sin(radians);
    double cos = Math.cos(radians);
    int[] xs = ink[0];
    int[] ys = ink[1];
    int offset = WORK_WIDTH * 2;
    int[] bins = new int[offset * 2 + maxY(ys) * 2];
    for (int i = 0; i < xs.length; i++) {
      // Undo a clockwise rotation by the candidate angle: v is the point's row in the straightened
      // frame.
      int v = (int) Math.round(ys[i] * cos - xs[i] * sin);
      bins[v + offset]++;
    }
    double score = 0;
    for (int count : bins) {
      score += (double) count * count;
    }
    return score;
  }

  private static int maxY(int[] ys) {
    int max = 0;
    for (int y : ys) {
      max = Math.max(max, y);
    }
    return max + 1;
  }

  private static int[][] inkPoints(BufferedImage small, int threshold) {
    Raster raster = small.getRaster();
    int width = small.getWidth();
    int height = small.getHeight();
    int[] row = new int[width];
    int count = 0;
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        count += row[x] <= threshold ? 1 : 0;
      }
    }
    int stride = Math.max(1, count / MAX_POINTS + 1);
    int[] xs = new int[count / stride + 1];
    int[] ys = new int[count / stride + 1];
    int seen = 0;
    int kept = 0;
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        if (row[x] <= threshold && seen++ % stride == 0 && kept < xs.length) {
          xs[kept] = x;
          ys[kept] = y;
          kept++;
        }
      }
    }
    return new int[][] {Arrays.copyOf(xs, kept), Arrays.copyOf(ys, kept)};
  }

  private static BufferedImage downscale(BufferedImage gray) {
    if (gray.getWidth() <= WORK_WIDTH) {
      return gray;
    }
    double scale = (double) WORK_WIDTH / gray.getWidth();
    int height = Math.max(1, (int) Math.round(gray.getHeight() * scale));
    BufferedImage small = new BufferedImage(WORK_WIDTH, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(gray, 0, 0, WORK_WIDTH, height, null);
    } finally {
      g.dispose();
    }
    return small;
  }
}
