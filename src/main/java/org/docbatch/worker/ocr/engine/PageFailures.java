package org.docbatch.worker.ocr.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** The failures both engines report the same way. */
final class PageFailures {

  private PageFailures() {}

  /**
   * Fails unless every language of {@code wanted} ({@code eng+deu}) has its data: a missing
   * traineddata file makes libtesseract print an error and then crash the process.
   */
  static void requireInstalled(Path tessdata, String wanted) throws OcrEngineException {
    for (String part : wanted.split("\\+")) {
      if (!Files.isReadable(tessdata.resolve(part + ".traineddata"))) {
        throw new OcrEngineException(
            "unknown_language",
            "No Tesseract data for language "
                + part
                + " in "
                + tessdata
                + "; install it (e.g. apt-get install tesseract-ocr-"
                + part
                + ") or choose an installed language.");
      }
    }
  }

  static OcrEngineException notLoaded(Path tessdata, String wanted) {
    return new OcrEngineException(
        "unknown_language", "Tesseract could not load language " + wanted + " from " + tessdata);
  }

  /** Why Recognize failed: past its deadline, or not a page Tesseract could read. */
  static OcrEngineException recognizeFailed(long startedNanos, OcrRequest request) {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    if (millis >= request.timeoutMillis()) {
      return new OcrEngineException(
          "ocr_timeout",
          "OCR of the page was stopped after "
              + millis
              + " ms, over its time limit of "
              + request.timeoutMillis()
              + " ms; split the document, lower the job option dpi, or raise OCR_TIMEOUT.");
    }
    return new OcrEngineException(
        "ocr_failed", "Tesseract could not recognise the page; check that it is a scan of text.");
  }
}
