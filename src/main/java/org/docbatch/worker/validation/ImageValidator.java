package org.docbatch.worker.validation;

import jakarta.json.JsonObjectBuilder;
import java.awt.image.ColorModel;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageHeader;
import org.docbatch.worker.spi.DocumentException;

/**
 * Checks an image: its header must be within the pixel limit, and then it must actually decode — a
 * readable header says nothing about whether the pixel data after it is complete.
 */
final class ImageValidator {

  /** Below this, OCR accuracy drops sharply; it is worth telling the user before OCR runs. */
  private static final double LOW_DPI = 150;

  private ImageValidator() {}

  static void validate(
      Path file, ValidationOptions options, JsonObjectBuilder result, List<String> warnings)
      throws DocumentException {
    ImageHeader header;
    ColorModel colors;
    List<String> decoderWarnings;
    try (DecodedImage decoded = ImageDecoder.decode(file, options.pixelLimit())) {
      header = decoded.header();
      colors = decoded.image().getColorModel();
      decoderWarnings = decoded.warnings();
    }
    result
        .add("format", header.format())
        .add("width", header.width())
        .add("height", header.height())
        .add("megapixels", Math.round(header.megapixels() * 100) / 100.0)
        .add("channels", colors.getNumComponents())
        .add("has_alpha", colors.hasAlpha());
    addDpi(result, "dpi", header.dpiX());
    addDpi(result, "dpi_y", header.dpiY());
    if (header.dpiX().isEmpty()) {
      warnings.add("The image records no resolution (DPI); OCR will assume one.");
    } else if (header.dpiX().getAsDouble() < LOW_DPI) {
      warnings.add(
          "The image resolution is "
              + header.dpiX().getAsDouble()
              + " DPI; OCR works best at 300.");
    }
    decoderWarnings.forEach(w -> warnings.add("Decoder warning: " + w));
  }

  private static void addDpi(JsonObjectBuilder result, String key, OptionalDouble dpi) {
    if (dpi.isPresent()) {
      result.add(key, dpi.getAsDouble());
    } else {
      result.addNull(key);
    }
  }
}
