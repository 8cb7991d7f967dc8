package org.docbatch.worker.ocr;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.document.PixelLimit;
import org.docbatch.worker.ocr.output.OutputFormat;
import org.docbatch.worker.spi.DocumentException;

/**
 * The job options OCR honours.
 *
 * @param language {@code language}, default {@code eng}: languages joined by {@code +}, each an ISO
 *     639-1 code ({@code en}, {@code de}: {@link LanguageCodes}) or a Tesseract code ({@code eng},
 *     {@code chi_tra}), and installed; held as Tesseract codes
 * @param pageSegmentationMode {@code psm}, default 3 (automatic layout): Tesseract's page
 *     segmentation mode; 6 (one block of text) reads skewed, noisy single-column scans better
 * @param dpi {@code dpi}, default 300, 72..600: PDF pages are rendered at it, and images that do
 *     not record their resolution are taken to have it
 * @param preprocess {@code preprocess}, default false: grayscale, deskew and binarise each page
 *     first, as the preprocessing worker does
 * @param wordBoxes {@code word_boxes}, default false: every word with its box and confidence
 * @param textLayer {@code text_layer}, default true: use a PDF page's own text when it has good
 *     text, instead of OCR
 * @param maxPages {@code max_pages}, default 50: pages beyond it are not read
 * @param pixelLimit {@code max_megapixels}, default 100: larger images and pages are refused
 * @param autoRotate {@code auto_rotate}, default true: a page that reads weakly or sideways as it
 *     came has its orientation checked (Tesseract's OSD) and, turned 90, 180 or 270 degrees, is
 *     read again upright
 * @param minPageConfidence {@code min_page_confidence}, default 60, 0..100: a page read with no
 *     text or a lower mean confidence is read again through the preprocessing path (grayscale,
 *     deskew, binarise, despeckle) and the better reading kept; at 0 only pages with no text are
 *     read again
 * @param outputs {@code outputs}, default none: the files to write for each document besides its
 *     result, any of {@code text}, {@code pdf}, {@code hocr}, {@code alto}, {@code tsv} ({@link
 *     OutputFormat}); all made from the one reading of each page
 */
record OcrOptions(
    String language,
    int pageSegmentationMode,
    int dpi,
    boolean preprocess,
    boolean wordBoxes,
    boolean textLayer,
    int maxPages,
    PixelLimit pixelLimit,
    boolean autoRotate,
    int minPageConfidence,
    Set<OutputFormat> outputs) {

  private static final Pattern LANGUAGES =
      Pattern.compile("[a-z][a-z_]{1,30}(\\+[a-z][a-z_]{1,30})*");

  /** 0 (orientation only) and 2 (layout only) produce no text. */
  private static final List<Integer> TEXT_MODES = List.of(1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);

  static OcrOptions from(JsonObject json, List<String> installedLanguages)
      throws DocumentException {
    JobOptions options = new JobOptions(json);
    int psm = options.integer("psm", 3, 1, 13);
    if (!TEXT_MODES.contains(psm)) {
      throw new DocumentException(
          "bad_option",
          "The job option psm must be one of "
              + TEXT_MODES
              + " (got "
              + psm
              + "): modes 0 and 2"
              + " find the layout but read no text.");
    }
    return new OcrOptions(
        language(json, installedLanguages),
        psm,
        options.integer("dpi", 300, 72, 600),
        options.flag("preprocess", false),
        options.flag("word_boxes", false),
        options.flag("text_layer", true),
        options.integer("max_pages", 50, 1, 10_000),
        PixelLimit.from(options),
        options.flag("auto_rotate", true),
        options.integer("min_page_confidence", 60, 0, 100),
        outputs(json));
  }

  /** Whether Tesseract is to give each page's words with their boxes. */
  boolean wantsWords() {
    return wordBoxes || outputs.stream().anyMatch(OutputFormat::needsWords);
  }

  private static Set<OutputFormat> outputs(JsonObject json) throws DocumentException {
    JsonValue value = json == null ? null : json.get("outputs");
    Set<OutputFormat> formats = EnumSet.noneOf(OutputFormat.class);
    if (value == null || value == JsonValue.NULL) {
      return formats;
    }
    String known =
        String.join(
            ", ",
            java.util.Arrays.stream(OutputFormat.values()).map(OutputFormat::option).toList());
    if (!(value instanceof jakarta.json.JsonArray array)) {
      throw new DocumentException(
          "bad_option",
          "The job option outputs must be a list of output names, any of "
              + known
              + " (got "
              + value
              + ").");
    }
    List<String> unknown = new ArrayList<>();
    for (JsonValue item : array) {
      var format =
          item instanceof JsonString name
              ? OutputFormat.named(name.getString())
              : java.util.Optional.<OutputFormat>empty();
      if (format.isPresent()) {
        formats.add(format.get());
      } else {
        String shown = item.toString();
        unknown.add(shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
      }
    }
    if (!unknown.isEmpty()) {
      throw new DocumentException(
          "bad_option",
          "The job option outputs names "
              + (unknown.size() == 1 ? "an unknown output " : "unknown outputs ")
              + String.join(", ", unknown.stream().limit(10).toList())
              + "; the outputs are "
              + known
              + ".");
    }
    return formats;
  }

  private static String language(JsonObject json, List<String> installed) throws DocumentException {
    JsonValue value = json == null ? null : json.get("language");
    if (value == null || value == JsonValue.NULL) {
      return "eng";
    }
    if (!(value instanceof JsonString string) || !LANGUAGES.matcher(string.getString()).matches()) {
      throw new DocumentException(
          "bad_option",
          "The job option language must be language codes joined by +, ISO 639-1 (en, de) or"
              + " Tesseract's (eng, deu), such as en or eng+deu (got "
              + value
              + ").");
    }
    List<String> codes = new ArrayList<>();
    for (String part : string.getString().split("\\+")) {
      String code = LanguageCodes.tesseract(part);
      if (!installed.contains(code)) {
        throw new DocumentException(
            "bad_option",
            "The job option language asks for "
                + (code.equals(part) ? part : part + " (" + code + ")")
                + ", which is not installed on this node (installed: "
                + String.join(", ", installed)
                + "); install tesseract-ocr-"
                + code.replace('_', '-')
                + " or choose an installed language.");
      }
      codes.add(code);
    }
    return String.join("+", codes);
  }
}
