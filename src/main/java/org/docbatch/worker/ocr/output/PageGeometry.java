package org.docbatch.worker.ocr.output;

import java.awt.geom.AffineTransform;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Where a page's words, boxed in pixels of the page as read, fall on the PDF page: from the upright
 * image (y down) to the image as it came in (turned as the scan was), to the page as displayed
 * (points, y up, the image spanning the crop box), to the page's own space (before its {@code
 * /Rotate}, which turns the display clockwise).
 */
final class PageGeometry {

  private PageGeometry() {}

  static AffineTransform uprightToUser(ReadPage page, PDRectangle cropBox, int pageRotation) {
    int rotation = ((pageRotation % 360) + 360) % 360;
    float w = cropBox.getWidth();
    float h = cropBox.getHeight();
    float llx = cropBox.getLowerLeftX();
    float lly = cropBox.getLowerLeftY();
    boolean sideways = rotation % 180 != 0;
    double shownWidth = sideways ? h : w;
    double shownHeight = sideways ? w : h;

    AffineTransform total =
        switch (rotation) {
          case 90 -> new AffineTransform(0, 1, -1, 0, w + llx, lly);
          case 180 -> new AffineTransform(-1, 0, 0, -1, w + llx, h + lly);
          case 270 -> new AffineTransform(0, -1, 1, 0, llx, h + lly);
          default -> AffineTransform.getTranslateInstance(llx, lly);
        };
    // Image pixels (y down) to the displayed page (points, y up).
    total.translate(0, shownHeight);
    total.scale(shownWidth / page.imageWidth(), -shownHeight / page.imageHeight());
    total.concatenate(
        uprightToImage(page.turnedClockwise(), page.imageWidth(), page.imageHeight()));
    return total;
  }

  /**
   * The image was turned back by {@code turnedClockwise} counter-clockwise to be read: this turns
   * the upright page's coordinates back into the image's ({@code width} x {@code height}).
   */
  static AffineTransform uprightToImage(int turnedClockwise, int width, int height) {
    return switch (turnedClockwise) {
      case 90 -> new AffineTransform(0, 1, -1, 0, width, 0); // x = W - v, y = u
      case 180 -> new AffineTransform(-1, 0, 0, -1, width, height); // x = W - u, y = H - v
      case 270 -> new AffineTransform(0, -1, 1, 0, 0, height); // x = v, y = H - u
      default -> new AffineTransform();
    };
  }
}
