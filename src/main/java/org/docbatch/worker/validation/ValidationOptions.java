package org.docbatch.worker.validation;

import jakarta.json.JsonObject;
import java.util.OptionalDouble;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.document.PixelLimit;
import org.docbatch.worker.spi.DocumentException;

/**
 * The job options validation honours.
 *
 * @param maxFileSizeMb {@code max_file_size_mb}, default 100: larger files fail with {@code
 *     too_large}
 * @param pixelLimit {@code max_megapixels}, default 100: larger images fail with {@code
 *     image_too_large}
 * @param maxPages {@code max_pages}, default 2000: longer PDFs fail with {@code too_many_pages}
 * @param strictExtension {@code strict_extension}, default false: when true, an extension that does
 *     not match the content fails with {@code type_mismatch} instead of producing a warning
 * @param minConfidence {@code min_confidence}, 0..100, none by default: in a pipeline job, a
 *     document whose OCR mean confidence is lower fails with {@code low_confidence}
 */
record ValidationOptions(
    double maxFileSizeMb,
    PixelLimit pixelLimit,
    int maxPages,
    boolean strictExtension,
    OptionalDouble minConfidence) {

  static ValidationOptions from(JsonObject json) throws DocumentException {
    JobOptions options = new JobOptions(json);
    return new ValidationOptions(
        options.number("max_file_size_mb", 100, 0.000001, 1_000_000),
        PixelLimit.from(options),
        options.integer("max_pages", 2000, 1, 10_000_000),
        options.flag("strict_extension", false),
        json != null && json.containsKey("min_confidence")
            ? OptionalDouble.of(options.number("min_confidence", 0, 0, 100))
            : OptionalDouble.empty());
  }

  long maxFileSizeBytes() {
    return (long) (maxFileSizeMb * 1024 * 1024);
  }
}
