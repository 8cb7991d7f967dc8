package org.docbatch.worker.preprocessing;

import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageHeader;
import org.docbatch.worker.spi.DocumentException;

/** Prepares a scanned image for OCR ({@link ScanCleanup}) and writes it as PNG. */
final class ImagePreprocessor {

  private ImagePreprocessor() {}

  static JsonObjectBuilder process(Path file, Outputs outputs, PreprocessingOptions options)
      throws DocumentException {
    try (DecodedImage decoded = ImageDecoder.decode(file, options.pixelLimit())) {
      return process(file, outputs, options, decoded);
    }
  }

  private static JsonObjectBuilder process(
      Path file, Outputs outputs, PreprocessingOptions options, DecodedImage decoded)
      throws DocumentException {
    ImageHeader header = decoded.header();
    BufferedImage image = decoded.image();
    ScanCleanup.Cleaned cleaned =
        ScanCleanup.clean(image, options.grayscale(), options.deskew(), options.binarize());
    image = cleaned.image();
    JsonObjectBuilder result = Json.createObjectBuilder();
    if (cleaned.skewDegrees().isPresent()) {
      result
          .add("skew_angle_degrees", cleaned.skewDegrees().getAsDouble())
          .add("rotated", cleaned.rotated());
    }
    cleaned.threshold().ifPresent(threshold -> result.add("otsu_threshold", threshold));

    BufferedImage cleanImage = image;
    outputs.write(
        DocumentArtifacts.safeName(FileExtension.baseName(file), ".png"),
        out -> PngWriter.write(cleanImage, out, header.dpiX()));
    result
        .add("original_width", header.width())
        .add("original_height", header.height())
        .add("width", image.getWidth())
        .add("height", image.getHeight())
        .add("steps", Json.createArrayBuilder(cleaned.steps()))
        .add("warnings", Json.createArrayBuilder(decoded.warnings()));
    if (header.dpiX().isPresent()) {
      result.add("dpi", header.dpiX().getAsDouble());
    }
    return result;
  }
}
