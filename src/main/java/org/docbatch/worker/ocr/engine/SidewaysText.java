package org.docbatch.worker.ocr.engine;

/**
 * Whether a block of text, as Tesseract's layout analysis found it, stands a quarter turn off: in
 * the numbers both bindings hand back ({@code tesseract::Orientation} and {@code
 * tesseract::WritingDirection} of {@code publictypes.h}).
 *
 * <p>On a page of English turned 90 degrees clockwise, Tesseract 5.5 turns the page itself and
 * reads the lines as vertical writing: each block comes back {@code ORIENTATION_PAGE_UP} with
 * {@code WRITING_DIRECTION_TOP_TO_BOTTOM}, the text right at confidence 95, and the word boxes
 * standing on end. Turned 270 degrees (or 180) the same page reads at confidence 40, which asks OSD
 * anyway.
 */
final class SidewaysText {

  /** {@code ORIENTATION_PAGE_RIGHT}: the block's text runs down the page. */
  private static final int PAGE_RIGHT = 1;

  /** {@code ORIENTATION_PAGE_LEFT}: the block's text runs up the page. */
  private static final int PAGE_LEFT = 3;

  /** {@code WRITING_DIRECTION_TOP_TO_BOTTOM}: vertical writing, or a page on its side. */
  private static final int TOP_TO_BOTTOM = 2;

  /** {@code RIL_BLOCK}: the page iterator's level that walks blocks. */
  static final int BLOCK_LEVEL = 0;

  private SidewaysText() {}

  /**
   * Whether a block stands a quarter turn off. A script written top to bottom (Japanese, Chinese
   * vertical) is one too: OSD then finds the page upright, and the reading as it came is kept.
   */
  static boolean block(int orientation, int writingDirection) {
    return orientation == PAGE_RIGHT
        || orientation == PAGE_LEFT
        || writingDirection == TOP_TO_BOTTOM;
  }
}
