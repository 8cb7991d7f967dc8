package org.docbatch.worker.preprocessing;

import jakarta.json.JsonObject;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.document.PixelLimit;
import org.docbatch.worker.spi.DocumentException;

/**
 * The job options preprocessing honours.
 *
 * @param grayscale {@code grayscale}, default true
 * @param binarize {@code binarize}, default true: Otsu black and white (implies grayscale)
 * @param deskew {@code deskew}, default true: straighten text rotated by up to 10 degrees
 * @param dpi {@code dpi}, default 300, 72..600: the resolution PDF pages are rendered at
 * @param maxPages {@code max_pages}, default 50: PDF pages beyond it are not rendered
 * @param pixelLimit {@code max_megapixels}, default 100: larger images and pages are refused
 */
record PreprocessingOptions(
    boolean grayscale,
    boolean binarize,
    boolean deskew,
    int dpi,
    int maxPages,
    PixelLimit pixelLimit) {

  static PreprocessingOptions from(JsonObject json) throws DocumentException {
    JobOptions options = new JobOptions(json);
    return new PreprocessingOptions(
        options.flag("grayscale", true),
        options.flag("binarize", true),
        options.flag("deskew", true),
        options.integer("dpi", 300, 72, 600),
        options.integer("max_pages", 50, 1, 100_000),
        PixelLimit.from(options));
  }
}
