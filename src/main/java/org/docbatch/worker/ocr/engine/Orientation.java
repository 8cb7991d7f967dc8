package org.docbatch.worker.ocr.engine;

/**
 * How a page came in, as Tesseract's orientation detection (OSD) saw it, and whether it was turned
 * upright before it was read.
 *
 * @param degrees how far the page is turned clockwise from upright: 0, 90, 180 or 270; 0 when not
 *     detected
 * @param confidence OSD's confidence in it (Tesseract's scale, about 0..50 and more); 0 when not
 *     detected
 * @param detected whether OSD found an orientation (a page with too few letters has none)
 * @param rotated whether the page was turned upright before reading
 */
public record Orientation(int degrees, float confidence, boolean detected, boolean rotated) {

  /** OSD was not asked for, not installed, or found too little text to tell. */
  public static final Orientation UNKNOWN = new Orientation(0, 0, false, false);

  /**
   * OSD's answers below this confidence are not acted on: on pages of a few lines a wrong guess
   * comes with a low confidence (see docs/ocr.md, "Orientation"); ocrmypdf's own default threshold
   * is 14 on the same scale.
   */
  public static final float MIN_CONFIDENCE = 2.0f;

  static Orientation detected(int degrees, float confidence) {
    int normal = ((degrees % 360) + 360) % 360;
    boolean turn = normal != 0 && confidence >= MIN_CONFIDENCE;
    return new Orientation(normal, confidence, true, turn);
  }
}
