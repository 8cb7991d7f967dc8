package org.docbatch.worker.ocr.engine;

/**
 * Tesseract could not read a page, for a reason a person can act on.
 *
 * <p>The code is stable: {@code ocr_timeout}, {@code ocr_failed}, {@code unknown_language}. It is
 * not a {@code DocumentException} because this package also runs in OCR child processes, which have
 * none of the server's classes; the OCR worker translates it.
 */
public class OcrEngineException extends Exception {

  private final String code;

  public OcrEngineException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
