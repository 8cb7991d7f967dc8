package org.docbatch.worker.ocr.output;

import java.util.Arrays;
import java.util.Optional;

/**
 * A file OCR can write for a document besides its result, named after the document: {@code
 * scan.pdf} for {@code scan.tif}. Every format is made from the same reading of each page.
 */
public enum OutputFormat {
  /** The document's whole text, pages separated by a form feed, never cut. */
  TEXT("text", ".txt", "text/plain; charset=utf-8"),
  /** The original pages with an invisible text layer over them ({@link SearchablePdf}). */
  PDF("pdf", ".pdf", "application/pdf"),
  /** hOCR 1.2, XHTML ({@link HocrWriter}). */
  HOCR("hocr", ".hocr", "application/xhtml+xml"),
  /** ALTO XML v4 ({@link AltoWriter}). */
  ALTO("alto", ".alto.xml", "application/xml"),
  /** Tesseract's word TSV, one header, every page ({@link TsvWriter}). */
  TSV("tsv", ".tsv", "text/tab-separated-values");

  private final String option;
  private final String suffix;
  private final String mediaType;

  OutputFormat(String option, String suffix, String mediaType) {
    this.option = option;
    this.suffix = suffix;
    this.mediaType = mediaType;
  }

  /** The name in the job option {@code outputs} and in the result's {@code outputs}. */
  public String option() {
    return option;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Whether it needs each page's words with their boxes (Tesseract's TSV), not only its text. */
  public boolean needsWords() {
    return this != TEXT;
  }

  /** What follows the document's name (less its extension) in the artifact's name. */
  public String suffix() {
    return suffix;
  }

  public static Optional<OutputFormat> named(String option) {
    return Arrays.stream(values()).filter(f -> f.option.equals(option)).findFirst();
  }
}
