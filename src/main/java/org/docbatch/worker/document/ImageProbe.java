package org.docbatch.worker.document;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.docbatch.worker.spi.DocumentException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads an image's dimensions and resolution from its header. ImageIO readers parse only the header
 * (and, for metadata, the chunks before the pixel data) to answer these questions, so probing a
 * file that declares 100000 x 100000 pixels costs microseconds and no pixel memory.
 */
public final class ImageProbe {

  private static final double MM_PER_INCH = 25.4;

  private ImageProbe() {}

  /**
   * @throws DocumentException {@code corrupt_image} when no decoder can read the header
   */
  public static ImageHeader probe(Path file) throws DocumentException {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader reader = readerFor(in);
      try {
        reader.setInput(in, true, false);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        IIOMetadata metadata = metadataOrNull(reader, 0);
        return new ImageHeader(
            format,
            width,
            height,
            dpi(metadata, "HorizontalPixelSize"),
            dpi(metadata, "VerticalPixelSize"));
      } finally {
        reader.dispose();
      }
    } catch (IIOException e) {
      throw damagedHeader(e);
    } catch (IOException | RuntimeException e) {
      // Readers signal malformed headers with unchecked exceptions too (e.g. negative array sizes).
      throw damagedHeader(e);
    }
  }

  static ImageReader readerFor(ImageInputStream in) throws IOException {
    return ImageReaders.readerFor(in);
  }

  /** Resolution is a nicety: a file with unreadable metadata still has a usable header. */
  /** The horizontal resolution image {@code index} records, read from its metadata only. */
  public static OptionalDouble dpi(ImageReader reader, int index) {
    return dpi(metadataOrNull(reader, index), "HorizontalPixelSize");
  }

  private static IIOMetadata metadataOrNull(ImageReader reader, int index) {
    try {
      return reader.getImageMetadata(index);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The standard metadata tree records resolution as the size of one pixel in millimetres. */
  private static OptionalDouble dpi(IIOMetadata metadata, String element) {
    if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
      return OptionalDouble.empty();
    }
    Node tree = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
    NodeList nodes = ((Element) tree).getElementsByTagName(element);
    if (nodes.getLength() == 0) {
      return OptionalDouble.empty();
    }
    try {
      double mmPerPixel = Double.parseDouble(((Element) nodes.item(0)).getAttribute("value"));
      double dpi = MM_PER_INCH / mmPerPixel;
      // pHYs stores pixels per metre, so 300 dpi comes back as 299.9994; nobody means that.
      double rounded = Math.round(dpi * 100) / 100.0;
      return rounded >= 1 && rounded <= 100_000
          ? OptionalDouble.of(rounded)
          : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private static DocumentException damagedHeader(Exception e) {
    return new DocumentException(
        "corrupt_image",
        "The image header is damaged or the format is not supported ("
            + e.getMessage()
            + "); re-export the image as PNG or JPEG and resubmit.",
        e);
  }
}
