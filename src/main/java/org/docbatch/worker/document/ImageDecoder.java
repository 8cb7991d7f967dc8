package org.docbatch.worker.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.docbatch.worker.spi.DocumentException;

/**
 * Decodes an image, but only after {@link ImageProbe} has shown its header is within the {@link
 * PixelLimit}. Truncated or damaged files fail with {@code corrupt_image} instead of yielding a
 * half-grey picture: the JPEG decoder merely warns about a premature end of data, and that warning
 * is treated as the failure it is.
 */
public final class ImageDecoder {

  private ImageDecoder() {}

  /**
   * @throws DocumentException {@code image_too_large} or {@code corrupt_image}
   */
  public static DecodedImage decode(Path file, PixelLimit limit) throws DocumentException {
    ImageHeader header = ImageProbe.probe(file);
    limit.check(header);
    List<String> warnings = new ArrayList<>();
    BufferedImage image;
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader reader = ImageProbe.readerFor(in);
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw damaged(header, String.valueOf(e.getMessage()), e);
    }
    for (String warning : warnings) {
      if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
        throw damaged(header, warning, null);
      }
    }
    return new DecodedImage(header, image, List.copyOf(warnings));
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
