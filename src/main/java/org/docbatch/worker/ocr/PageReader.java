package org.docbatch.worker.ocr;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.docbatch.json.Json;
import org.docbatch.worker.ocr.engine.GrayPage;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.Orientation;
import org.docbatch.worker.ocr.engine.PageText;
import org.docbatch.worker.ocr.output.PageParts;
import org.docbatch.worker.preprocessing.ScanCleanup;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.ResultLimits;

/**
 * Reads a document's pages one after the other, through OCR or from a PDF's text layer, and sums
 * them up into the document's result. One page is in memory at a time. The text is kept once: the
 * document's {@code text} (pages separated by a blank line, at most {@code RESULT_MAX_CHARS}
 * characters, {@link ResultLimits}), each page pointing into it with {@code text_begin} and {@code
 * text_end}.
 */
final class PageReader {

  private final Recognizer recognizer;
  private final OcrOptions options;
  private final int pageTimeoutMillis;
  private final String fault;
  private PageParts parts;
  private final JsonArrayBuilder pages = Json.createArrayBuilder();
  private final KeptText text;
  private int wordBoxes;
  private boolean wordBoxesCut;
  private final JsonArrayBuilder warnings = Json.createArrayBuilder();
  private int ocrPages;
  private long confidenceSum;
  private long ocrMillis;
  private int words;

  /**
   * @param fault an injected fault for every page, or empty (tests only)
   */
  PageReader(Recognizer recognizer, OcrOptions options, int pageTimeoutMillis, String fault) {
    this(recognizer, options, pageTimeoutMillis, fault, ResultLimits.maxChars());
  }

  PageReader(
      Recognizer recognizer,
      OcrOptions options,
      int pageTimeoutMillis,
      String fault,
      int maxChars) {
    this.text = new KeptText(maxChars);
    this.recognizer = recognizer;
    this.options = options;
    this.pageTimeoutMillis = pageTimeoutMillis;
    this.fault = fault;
  }

  /**
   * Reads a page: upright when it came in turned ({@code auto_rotate}: the engine asks OSD only
   * when the page read weakly as it came, {@link OcrRequest#weakBelow()}); through the
   * preprocessing path first when it is speckled ({@link Speckles}); and, when the reading is weak
   * (no text, or a mean confidence below {@code min_page_confidence}), again through the other
   * path, keeping the better reading. A page with ink and no text either way is reported as a
   * warning, {@code no_text_found}.
   *
   * @param page from 1
   * @param dpi the image's resolution
   */
  void recognize(int page, BufferedImage image, int dpi) throws DocumentException {
    JsonObjectBuilder json = Json.createObjectBuilder().add("page", page).add("source", "ocr");
    BufferedImage gray = ScanCleanup.gray(image);
    boolean cleanFirst = options.preprocess() || Speckles.many(toGray(gray, dpi));
    Reading first = cleanFirst ? readCleaned(page, gray, dpi) : read(page, gray, dpi);
    Reading kept = first;
    Reading other = null;
    if (!options.preprocess() && first.weak(options.minPageConfidence())) {
      other = cleanFirst ? read(page, gray, dpi) : readCleaned(page, gray, dpi);
      if (other.betterThan(first)) {
        kept = other;
      }
    }
    long spent = first.text().millis() + (other == null ? 0 : other.text().millis());
    // Ink is judged on the cleaned page, where there is one: specks are not ink.
    GrayPage inked = first.cleaned() != null || other == null ? first.page() : other.page();
    PageText read = kept.text();
    if (kept.cleaned() != null) {
      json.add("preprocessing", Json.createArrayBuilder(kept.cleaned().steps()));
      kept.cleaned().skewDegrees().ifPresent(angle -> json.add("skew_angle_degrees", angle));
    }
    Orientation orientation = read.orientation();
    json.add("orientation_checked", orientation.checked());
    if (orientation.detected()) {
      json.add("orientation", orientation.degrees())
          .add("orientation_confidence", Math.round(orientation.confidence() * 10) / 10.0);
    }
    int pageWords = wordCount(read.text());
    text.append(json, read.text().strip());
    json.add("confidence", read.confidence())
        .add("word_count", pageWords)
        .add("rotated", orientation.rotated())
        .add("preprocessed", kept.cleaned() != null)
        .add("read_twice", other != null)
        .add("width", kept.page().width())
        .add("height", kept.page().height())
        .add("dpi", dpi)
        .add("ocr_ms", spent);
    if (options.wordBoxes() && !wordBoxesCut) {
      JsonArray boxes = WordBoxes.fromTsv(read.tsv());
      if (wordBoxes + boxes.size() <= ResultLimits.MAX_WORD_BOXES) {
        json.add("words", boxes);
        wordBoxes += boxes.size();
      } else {
        wordBoxesCut = true; // this page's and the next pages' boxes are left out
      }
    }
    if (read.text().isBlank() && Ink.on(inked)) {
      json.add("warning", NoTextFound.CODE);
      warnings.add(NoTextFound.warning(page));
    }
    keep(page, read.text(), read.tsv());
    pages.add(json);
    ocrPages++;
    confidenceSum += read.confidence();
    ocrMillis += spent;
    words += pageWords;
  }

  /**
   * Keeps each page's text and words in {@code parts} as well, for the document's outputs ({@code
   * outputs}).
   */
  PageReader keepingParts(PageParts parts) {
    this.parts = parts;
    return this;
  }

  private void keep(int page, String pageText, String tsv) throws DocumentException {
    if (parts == null) {
      return;
    }
    try {
      parts.write(page, pageText, tsv);
    } catch (IOException e) {
      throw OcrOutputs.failed("page " + page + "'s words could not be kept", e);
    }
  }

  /** One reading of a page, and the cleaning it went through first, if any. */
  private record Reading(PageText text, GrayPage page, ScanCleanup.Cleaned cleaned) {

    boolean weak(int minConfidence) {
      return text.weak(minConfidence);
    }

    boolean betterThan(Reading other) {
      return text.betterThan(other.text);
    }
  }

  private Reading readCleaned(int page, BufferedImage gray, int dpi) throws DocumentException {
    ScanCleanup.Cleaned cleaned = ScanCleanup.clean(gray, true, true, true);
    Reading read = read(page, cleaned.image(), dpi);
    return new Reading(read.text(), read.page(), cleaned);
  }

  private Reading read(int page, BufferedImage gray, int dpi) throws DocumentException {
    GrayPage pixels = toGray(gray, dpi);
    try {
      PageText read =
          recognizer.recognize(
              new OcrRequest(
                  options.language(),
                  options.pageSegmentationMode(),
                  options.wantsWords(),
                  pageTimeoutMillis,
                  fault,
                  pixels,
                  options.autoRotate(),
                  options.minPageConfidence()));
      return new Reading(read, pixels, null);
    } catch (OcrEngineException e) {
      throw new DocumentException(e.code(), "Page " + page + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocumentException(DocumentException.INTERRUPTED, "stopped during OCR");
    }
  }

  /** A PDF page whose own text is used as it is. */
  void textLayer(int page, String pageText) throws DocumentException {
    keep(page, pageText, "");
    int pageWords = wordCount(pageText);
    JsonObjectBuilder json =
        Json.createObjectBuilder().add("page", page).add("source", "text_layer");
    text.append(json, pageText);
    pages.add(json.add("word_count", pageWords));
    words += pageWords;
  }

  /**
   * The document's result: its text (pages separated by a blank line), the pages, the mean
   * confidence of the pages read by OCR, word count, language and time spent in OCR.
   */
  JsonObjectBuilder result() {
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("text", text.text())
            .add("text_chars", text.fullChars())
            .add("text_truncated", text.truncated())
            .add("pages", pages)
            .add("pages_read", text.pages())
            .add("pages_ocr", ocrPages)
            .add("word_count", words)
            .add("language", options.language())
            .add("psm", options.pageSegmentationMode())
            .add("ocr_ms", ocrMillis)
            .add("warnings", warnings);
    if (options.wordBoxes()) {
      result.add("word_boxes_truncated", wordBoxesCut);
    }
    if (ocrPages > 0) {
      result.add("mean_confidence", Math.round(confidenceSum * 10.0 / ocrPages) / 10.0);
    }
    return result;
  }

  private static GrayPage toGray(BufferedImage gray, int dpi) {
    int width = gray.getWidth();
    int height = gray.getHeight();
    byte[] pixels = (byte[]) gray.getRaster().getDataElements(0, 0, width, height, null);
    return new GrayPage(width, height, dpi, pixels);
  }

  static int wordCount(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
