package org.docbatch.worker.ocr;

import jakarta.json.JsonObject;
import java.util.logging.Logger;
import org.docbatch.json.Json;

/**
 * The warning for a page with ink on it from which OCR read no text, neither as it came nor
 * cleaned: a photo, handwriting, or text in a language the job did not ask for. The document still
 * completes, but says so instead of passing an empty page off as a success.
 */
final class NoTextFound {

  static final String CODE = "no_text_found";

  private static final Logger LOG = Logger.getLogger(NoTextFound.class.getName());

  private NoTextFound() {}

  static JsonObject warning(int page) {
    String message =
        "Page "
            + page
            + " has ink but no text was read, as it came nor cleaned; if it holds text, check the"
            + " job option language, or rescan it at 300 dpi.";
    LOG.fine(() -> "DOCBATCH-1550 " + message);
    return Json.createObjectBuilder()
        .add("code", CODE)
        .add("page", page)
        .add("message", message)
        .build();
  }
}
