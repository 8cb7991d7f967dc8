package org.docbatch.worker.preprocessing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Rotates an image about its centre onto a canvas just large enough to hold it, filling the
 * uncovered corners with white (paper) so that they do not read as ink to binarisation or OCR.
 */
final class ImageRotator {

  private ImageRotator() {}

  /**
   * @param degrees clockwise as seen on screen
   */
  static BufferedImage rotate(BufferedImage source, double degrees) {
    double radians = Math.toRadians(degrees);
    double sin = Math.abs(Math.sin(radians));
    double cos = Math.abs(Math.cos(radians));
    int width = source.getWidth();
    int height = source.getHeight();
    int newWidth = (int) Math.ceil(width * cos + height * sin);
    int newHeight = (int) Math.ceil(width * sin + height * cos);
    int type =
        source.getType() == BufferedImage.TYPE_BYTE_GRAY
            ? BufferedImage.TYPE_BYTE_GRAY
            : BufferedImage.TYPE_INT_RGB;
    BufferedImage rotated = new BufferedImage(newWidth, newHeight, type);
    Graphics2D g = rotated.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, newWidth, newHeight);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.translate((newWidth - width) / 2.0, (newHeight - height) / 2.0);
      g.rotate(radians, width / 2.0, height / 2.0);
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rotated;
  }
}
