package org.docbatch.worker.preprocessing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalDouble;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes PNGs that keep their resolution (a pHYs chunk): OCR engines use it to judge glyph sizes,
 * and losing it between preprocessing and OCR costs accuracy.
 */
final class PngWriter {

  private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";
  private static final double METRES_PER_INCH = 0.0254;

  private PngWriter() {}

  static void write(BufferedImage image, OutputStream target, OptionalDouble dpi)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(target)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      if (dpi.isPresent()) {
        setResolution(metadata, dpi.getAsDouble());
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  private static void setResolution(IIOMetadata metadata, double dpi) throws IOException {
    String pixelsPerMetre = Long.toString(Math.round(dpi / METRES_PER_INCH));
    IIOMetadataNode phys = new IIOMetadataNode("pHYs");
    phys.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
    phys.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
    phys.setAttribute("unitSpecifier", "meter");
    IIOMetadataNode root = new IIOMetadataNode(NATIVE_FORMAT);
    root.appendChild(phys);
    metadata.mergeTree(NATIVE_FORMAT, root);
  }
}
