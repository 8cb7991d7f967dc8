package org.docbatch.worker.ocr;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.worker.ocr.engine.GrayPage;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;
import org.docbatch.worker.preprocessing.ScanCleanup;
import org.docbatch.worker.spi.DocumentException;

/**
 * Reads a document's pages one after the other, through OCR or from a PDF's text layer, and sums
 * them up into the document's result. One page is in memory at a time.
 */
final class PageReader {

  private final Recognizer recognizer;
  private final OcrOptions options;
  private final int pageTimeoutMillis;
  private final String fault;
  private final JsonArrayBuilder pages = Json.createArrayBuilder();
  private final List<String> texts = new ArrayList<>();
  private int ocrPages;
  private long confidenceSum;
  private long ocrMillis;
  private int words;

  /**
   * @param fault an injected fault for every page, or empty (tests only)
   */
  PageReader(Recognizer recognizer, OcrOptions options, int pageTimeoutMillis, String fault) {
    this.recognizer = recognizer;
    this.options = options;
    this.pageTimeoutMillis = pageTimeoutMillis;
    this.fault = fault;
  }

  /**
   * @param page from 1
   * @param dpi the image's resolution
   */
  void recognize(int page, BufferedImage image, int dpi) throws DocumentException {
    JsonObjectBuilder json = Json.createObjectBuilder().add("page", page).add("source", "ocr");
    if (options.preprocess()) {
      ScanCleanup.Cleaned cleaned = ScanCleanup.clean(image, true, true, true);
      image = cleaned.image();
      json.add("preprocessing", Json.createArrayBuilder(cleaned.steps()));
      cleaned.skewDegrees().ifPresent(angle -> json.add("skew_angle_degrees", angle));
    } else {
      image = ScanCleanup.gray(image);
    }
    GrayPage gray = toGray(image, dpi);
    PageText read;
    try {
      read =
          recognizer.recognize(
              new OcrRequest(
                  options.language(),
                  options.pageSegmentationMode(),
                  options.wordBoxes(),
                  pageTimeoutMillis,
                  fault,
                  gray));
    } catch (OcrEngineException e) {
      throw new DocumentException(e.code(), "Page " + page + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocumentException(DocumentException.INTERRUPTED, "stopped during OCR");
    }
    int pageWords = wordCount(read.text());
    json.add("text", read.text())
        .add("confidence", read.confidence())
        .add("word_count", pageWords)
        .add("width", gray.width())
        .add("height", gray.height())
        .add("dpi", dpi)
        .add("ocr_ms", read.millis());
    if (options.wordBoxes()) {
      json.add("words", WordBoxes.fromTsv(read.tsv()));
    }
    pages.add(json);
    texts.add(read.text().strip());
    ocrPages++;
    confidenceSum += read.confidence();
    ocrMillis += read.millis();
    words += pageWords;
  }

  /** A PDF page whose own text is used as it is. */
  void textLayer(int page, String text) {
    int pageWords = wordCount(text);
    pages.add(
        Json.createObjectBuilder()
            .add("page", page)
            .add("source", "text_layer")
            .add("text", text)
            .add("word_count", pageWords));
    texts.add(text);
    words += pageWords;
  }

  /**
   * The document's result: its text (pages separated by a blank line), the pages, the mean
   * confidence of the pages read by OCR, word count, language and time spent in OCR.
   */
  JsonObjectBuilder result() {
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("text", String.join("\n\n", texts))
            .add("pages", pages)
            .add("pages_read", texts.size())
            .add("pages_ocr", ocrPages)
            .add("word_count", words)
            .add("language", options.language())
            .add("psm", options.pageSegmentationMode())
            .add("ocr_ms", ocrMillis);
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
