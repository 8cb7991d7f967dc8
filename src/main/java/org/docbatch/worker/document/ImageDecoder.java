package org.docbatch.worker.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.docbatch.worker.spi.DocumentException;

/**
 * Decodes an image, but only after {@link ImageProbe} has shown its header is within the {@link
 * PixelLimit} and the node's {@link DecodeBudget} holds what its pixels take decoded (and two
 * one-byte-per-pixel working copies: the grey page and its cleaned form). Truncated or damaged
 * files fail with {@code corrupt_image} instead of yielding a half-grey picture: the JPEG decoder
 * merely warns about a premature end of data, and that warning is treated as the failure it is.
 */
public final class ImageDecoder {

  private ImageDecoder() {}

  /** Working copies of one byte per pixel a worker makes of a decoded image (grey, cleaned). */
  static final int WORKING_COPIES = 2;

  /**
   * Decodes under this node's budget; close the image to give its share back.
   *
   * @throws DocumentException {@code image_too_large} or {@code corrupt_image}
   */
  public static DecodedImage decode(Path file, PixelLimit limit) throws DocumentException {
    return decode(file, limit, DecodeBudget.node());
  }

  /**
   * @throws DocumentException {@code image_too_large} or {@code corrupt_image}
   */
  public static DecodedImage decode(Path file, PixelLimit limit, DecodeBudget budget)
      throws DocumentException {
    ImageHeader header = ImageProbe.probe(file);
    limit.check(header);
    List<String> warnings = new ArrayList<>();
    BufferedImage image;
    DecodeBudget.Reservation reservation = null;
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader reader = ImageProbe.readerFor(in);
      try {
        reader.setInput(in, true, true);
        reservation =
            budget.reserve(
                bytesToDecode(reader, 0, header.width(), header.height()),
                "image (" + header.width() + " x " + header.height() + " pixels)",
                "downscale it or convert it to 8-bit grey and resubmit");
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (OutOfMemoryError e) {
      if (reservation != null) {
        reservation.close();
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      if (reservation != null) {
        reservation.close();
      }
      // ImageIO's PNG reader wraps whatever it catches, an OutOfMemoryError included, in an
      // IIOException: that is not a damaged image, and the runner reports it as what it is.
      OutOfMemoryError outOfMemory = OutOfMemory.in(e);
      if (outOfMemory != null) {
        throw outOfMemory;
      }
      throw damaged(header, String.valueOf(e.getMessage()), e);
    }
    for (String warning : warnings) {
      if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
        reservation.close();
        throw damaged(header, warning, null);
      }
    }
    return new DecodedImage(header, image, List.copyOf(warnings), reservation);
  }

  /**
   * What image {@code index} of the reader's input takes in the {@link DecodeBudget}: its pixels as
   * the reader lays them out, and the worker's grey working copies.
   */
  public static long bytesToDecode(ImageReader reader, int index, int width, int height)
      throws IOException {
    ImageTypeSpecifier layout = reader.getRawImageType(index);
    if (layout == null) {
      var types = reader.getImageTypes(index);
      layout = types.hasNext() ? types.next() : null;
    }
    long pixels = (long) width * height;
    long decoded =
        layout == null
            ? pixels * 8 // unknown layout: the widest ImageIO produces (16-bit RGBA)
            : DecodeBudget.decodedBytes(layout.getSampleModel(1, 1), width, height);
    return decoded + WORKING_COPIES * pixels;
  }

  private static DocumentException damaged(ImageHeader header, String detail, Exception cause) {
    String format = header.format().toUpperCase(Locale.ROOT);
    return new DocumentException(
        "corrupt_image",
        "The "
            + format
            + " image is truncated or damaged and cannot be decoded ("
            + detail
            + "); re-export or re-scan it and resubmit.",
        cause);
  }
}
