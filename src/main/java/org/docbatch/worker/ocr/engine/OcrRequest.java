package org.docbatch.worker.ocr.engine;

/**
 * What to recognise on one page, and how.
 *
 * @param language Tesseract language(s), e.g. {@code eng} or {@code eng+deu}
 * @param pageSegmentationMode Tesseract's page segmentation mode, 0..13
 * @param wordBoxes whether to return every word with its box (Tesseract's TSV)
 * @param timeoutMillis how long recognition may take; past it Tesseract stops and the page fails
 * @param fault an injected fault for tests ({@link Faults}), or empty; honoured only by an engine
 *     started with faults enabled
 * @param page the pixels
 * @param detectOrientation whether to check the page's orientation (Tesseract's OSD) when its
 *     reading as it came is weak, and read it again upright when OSD finds it turned
 * @param weakBelow a reading as it came with text and a mean confidence at least this is kept
 *     without asking OSD ({@code min_page_confidence}): most pages come in upright, and OSD costs
 *     7-18% of a page's reading; a turned page reads with no text or a low confidence
 */
public record OcrRequest(
    String language,
    int pageSegmentationMode,
    boolean wordBoxes,
    int timeoutMillis,
    String fault,
    GrayPage page,
    boolean detectOrientation,
    int weakBelow) {

  /** A page read as it comes, without orientation detection. */
  public OcrRequest(
      String language,
      int pageSegmentationMode,
      boolean wordBoxes,
      int timeoutMillis,
      String fault,
      GrayPage page) {
    this(language, pageSegmentationMode, wordBoxes, timeoutMillis, fault, page, false, 0);
  }

  OcrRequest withPage(GrayPage turned) {
    return new OcrRequest(
        language,
        pageSegmentationMode,
        wordBoxes,
        timeoutMillis,
        fault,
        turned,
        detectOrientation,
        weakBelow);
  }
}
