package org.docbatch.worker.validation;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ReadableFile;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
import org.docbatch.worker.spi.DocumentTask;

/**
 * The validation worker: checks that a document is what it claims to be and can be processed,
 * cheapest checks first (existence, size, signature) so a hostile file is refused before anything
 * parses it.
 *
 * <p>The result always has {@code sha256}, {@code size_bytes}, {@code detected_type}, {@code
 * media_type}, {@code extension}, {@code extension_matches} and {@code warnings}, plus
 * type-specific facts: {@code width}/{@code height}/{@code dpi} for images, {@code page_count}/
 * {@code has_text_layer}/{@code pdf_version} for PDFs, {@code encoding}/{@code line_count}/ {@code
 * word_count} for text. Duplicates within a job are found by the caller from {@code sha256}.
 */
public class ValidationProcessor implements DocumentProcessor {

  @Override
  public Set<String> optionNames() {
    return Set.of(
        "max_file_size_mb", "max_megapixels", "max_pages", "strict_extension", "min_confidence");
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    ValidationOptions.from(options);
  }

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    ValidationOptions options = ValidationOptions.from(task.options());
    Path file = task.file();
    long size = ReadableFile.check(file);
    checkSize(size, options);
    DocumentType detected = FileTypeSniffer.sniff(file);
    String extension = FileExtension.of(file);
    List<String> warnings = new ArrayList<>();
    boolean extensionMatches =
        ExtensionCheck.check(detected, extension, options.strictExtension(), warnings);

    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("valid", true)
            .add("sha256", ContentHash.sha256(file))
            .add("size_bytes", size)
            .add("detected_type", detected.label())
            .add("media_type", detected.mediaType())
            .add("extension", extension)
            .add("extension_matches", extensionMatches);
    if (detected.isImage()) {
      ImageValidator.validate(file, options, result, warnings);
    } else if (detected == DocumentType.PDF) {
      PdfValidator.validate(file, options, result, warnings);
    } else {
      TextValidator.validate(file, result, warnings);
    }
    checkConfidence(task, options, result);
    return result.add("warnings", Json.createArrayBuilder(warnings)).build();
  }

  /**
   * The {@code min_confidence} rule, in a pipeline job: the OCR stage's mean confidence must reach
   * it. Pages that were not read by OCR (a text layer, a text file) have no confidence to check.
   */
  private static void checkConfidence(
      DocumentTask task, ValidationOptions options, JsonObjectBuilder result)
      throws DocumentException {
    if (options.minConfidence().isEmpty()) {
      return;
    }
    JsonObject ocr = task.earlierStage("ocr").orElse(JsonObject.EMPTY_JSON_OBJECT);
    if (!ocr.containsKey("mean_confidence")) {
      return;
    }
    double confidence = ocr.getJsonNumber("mean_confidence").doubleValue();
    double minimum = options.minConfidence().getAsDouble();
    if (confidence < minimum) {
      throw new DocumentException(
          "low_confidence",
          String.format(
              Locale.ROOT,
              "OCR read this document with a mean confidence of %.1f, below the job's"
                  + " min_confidence of %s; rescan it at a higher resolution or have a person check"
                  + " its text.",
              confidence,
              plain(minimum)));
    }
    result.add("ocr_confidence", confidence);
  }

  private static void checkSize(long size, ValidationOptions options) throws DocumentException {
    if (size > options.maxFileSizeBytes()) {
      throw new DocumentException(
          "too_large",
          String.format(
              Locale.ROOT,
              "The file is %.1f MB, over the limit of %s MB (job option max_file_size_mb); split or"
                  + " compress it, or raise the limit.",
              size / (1024.0 * 1024.0),
              plain(options.maxFileSizeMb())));
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
