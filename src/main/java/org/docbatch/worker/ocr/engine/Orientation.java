package org.docbatch.worker.ocr.engine;

/**
 * How a page came in, as Tesseract's orientation detection (OSD) saw it, and whether it was turned
 * upright before it was read.
 *
 * @param checked whether OSD looked at the page: with {@code auto_rotate} it looks only at pages
 *     whose reading as they came was weak ({@link OcrRequest#weakBelow()})
 * @param degrees how far the page is turned clockwise from upright: 0, 90, 180 or 270; 0 when not
 *     detected
 * @param confidence OSD's confidence in it (Tesseract's scale, about 0..50 and more); 0 when not
 *     detected
 * @param detected whether OSD found an orientation (a page with too few letters has none)
 * @param rotated whether the page was turned upright before reading
 */
public record Orientation(
    boolean checked, int degrees, float confidence, boolean detected, boolean rotated) {

  /**
   * OSD did not look at the page: not asked for, not installed, or the page read well as it came.
   */
  public static final Orientation UNCHECKED = new Orientation(false, 0, 0, false, false);

  /** OSD looked but could not tell (too few letters). */
  public static final Orientation UNKNOWN = new Orientation(true, 0, 0, false, false);

  /**
   * OSD's answers below this confidence are not acted on: on pages of a few lines a wrong guess
   * comes with a low confidence (see docs/ocr.md, "Orientation"); ocrmypdf's own default threshold
   * is 14 on the same scale.
   */
  public static final float MIN_CONFIDENCE = 2.0f;

  static Orientation detected(int degrees, float confidence) {
    int normal = ((degrees % 360) + 360) % 360;
    boolean turn = normal != 0 && confidence >= MIN_CONFIDENCE;
    return new Orientation(true, normal, confidence, true, turn);
  }

  /**
   * The same finding, with the page read as it came after all (that reading was the better one).
   */
  Orientation notActedOn() {
    return new Orientation(checked, degrees, confidence, detected, false);
  }
}
