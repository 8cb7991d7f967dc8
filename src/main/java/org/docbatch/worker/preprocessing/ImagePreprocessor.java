package org.docbatch.worker.preprocessing;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.docbatch.json.Json;
import org.docbatch.worker.DocumentException;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageHeader;

/**
 * Prepares a scanned image for OCR: grayscale, then deskew, then Otsu binarisation, written as PNG.
 * Deskewing comes before binarisation because rotating a black-and-white image smears its edges
 * into gray; rotating the gray image and thresholding afterwards keeps glyph edges crisp.
 */
final class ImagePreprocessor {

  /** Below this, rotating costs more sharpness than the skew costs OCR accuracy. */
  static final double MIN_ROTATION_DEGREES = 0.3;

  private ImagePreprocessor() {}

  static JsonObjectBuilder process(Path file, Path outputDir, PreprocessingOptions options)
      throws DocumentException {
    DecodedImage decoded = ImageDecoder.decode(file, options.pixelLimit());
    ImageHeader header = decoded.header();
    BufferedImage image = decoded.image();
    JsonArrayBuilder steps = Json.createArrayBuilder();
    JsonObjectBuilder result = Json.createObjectBuilder();

    if (options.grayscale() || options.binarize()) {
      image = Grayscale.of(image);
      steps.add("grayscale");
    }
    if (options.deskew()) {
      double angle = SkewEstimator.estimateDegrees(Grayscale.of(image));
      boolean rotate = Math.abs(angle) >= MIN_ROTATION_DEGREES;
      if (rotate) {
        image = ImageRotator.rotate(image, -angle);
        steps.add("deskew");
      }
      result.add("skew_angle_degrees", angle).add("rotated", rotate);
    }
    if (options.binarize()) {
      int threshold = OtsuBinarizer.threshold(image);
      image = OtsuBinarizer.binarize(image, threshold);
      steps.add("binarize");
      result.add("otsu_threshold", threshold);
    }

    Path output = outputDir.resolve(FileExtension.baseName(file) + ".png");
    try {
      PngWriter.write(image, output, header.dpiX());
    } catch (IOException e) {
      throw new DocumentException(
          "output_failed", "The preprocessed image could not be written: " + e.getMessage(), e);
    }
    result
        .add("outputs", Json.createArrayBuilder().add(output.toString()))
        .add("output", output.toString())
        .add("original_width", header.width())
        .add("original_height", header.height())
        .add("width", image.getWidth())
        .add("height", image.getHeight())
        .add("steps", steps)
        .add("warnings", Json.createArrayBuilder(decoded.warnings()));
    if (header.dpiX().isPresent()) {
      result.add("dpi", header.dpiX().getAsDouble());
    }
    return result;
  }
}
