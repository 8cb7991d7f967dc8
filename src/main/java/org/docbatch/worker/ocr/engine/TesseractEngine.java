package org.docbatch.worker.ocr.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * One libtesseract handle, initialised once per language and reused page after page (initialising
 * costs about 70 ms). Not thread-safe: libtesseract crashed the JVM here when one handle was
 * shared, so each worker thread, or each OCR child process, owns one engine.
 *
 * <p>libtesseract is bytedeco's build of Tesseract 5.5.2 ({@code org.bytedeco:tesseract}), which
 * carries its own natives: no system library, and no OpenMP in Tesseract or Leptonica (JavaCPP
 * loads the libgomp the Leptonica jar carries, which neither calls). Debian's 5.3 build needed
 * {@code OMP_THREAD_LIMIT=1} and still took a third to a half more CPU per page ({@code
 * bench/ocr/EngineCost.java}).
 *
 * <p>This class and its package use only the JDK, JavaCPP's Tesseract and JNA (for {@link Faults}),
 * so that the same code runs inside the server and in an OCR child process that has none of the
 * server's libraries.
 */
public final class TesseractEngine implements AutoCloseable {

  private final Path tessdata;
  private final boolean faultsEnabled;
  private TessBaseAPI handle;
  private String language;

  /**
   * @param tessdata the folder holding {@code <language>.traineddata}
   * @param faultsEnabled whether {@link OcrRequest#fault()} is honoured (tests only)
   */
  public TesseractEngine(Path tessdata, boolean faultsEnabled) {
    this.tessdata = tessdata;
    this.faultsEnabled = faultsEnabled;
  }

  /**
   * Recognises one page.
   *
   * @throws OcrEngineException {@code unknown_language}, {@code ocr_timeout} or {@code ocr_failed}
   */
  public PageText recognize(OcrRequest request) throws OcrEngineException {
    long started = System.nanoTime();
    if (faultsEnabled && !request.fault().isEmpty()) {
      Faults.inject(request.fault());
    }
    TessBaseAPI api = handleFor(request.language());
    GrayPage page = request.page();
    api.SetPageSegMode(request.pageSegmentationMode());
    // Tesseract copies the pixels into its own image before this returns.
    api.SetImage(page.pixels(), page.width(), page.height(), 1, page.width());
    api.SetSourceResolution(page.dpi());
    ETEXT_DESC monitor = tesseract.TessMonitorCreate();
    try {
      tesseract.TessMonitorSetDeadlineMSecs(monitor, request.timeoutMillis());
      if (api.Recognize(monitor) != 0) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis >= request.timeoutMillis()) {
          throw new OcrEngineException(
              "ocr_timeout",
              "OCR of the page was stopped after "
                  + millis
                  + " ms, over its time limit of "
                  + request.timeoutMillis()
                  + " ms; split the document, lower the job option dpi, or raise OCR_TIMEOUT.");
        }
        throw new OcrEngineException(
            "ocr_failed",
            "Tesseract could not recognise the page; check that it is a scan of text.");
      }
      String text = take(api.GetUTF8Text());
      int confidence = api.MeanTextConf();
      String tsv = request.wordBoxes() ? take(api.GetTSVText(0)) : "";
      return new PageText(text, confidence, tsv, (System.nanoTime() - started) / 1_000_000);
    } finally {
      tesseract.TessMonitorDelete(monitor);
      api.Clear();
    }
  }

  private TessBaseAPI handleFor(String wanted) throws OcrEngineException {
    if (handle != null && wanted.equals(language)) {
      return handle;
    }
    for (String part : wanted.split("\\+")) {
      // A missing traineddata file makes libtesseract print an error and then crash the process.
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
    close();
    TessBaseAPI created = new TessBaseAPI();
    if (created.Init(tessdata.toString(), wanted) != 0) {
      created.close();
      throw new OcrEngineException(
          "unknown_language", "Tesseract could not load language " + wanted + " from " + tessdata);
    }
    handle = created;
    language = wanted;
    return handle;
  }

  /** The text libtesseract allocated, as a string; then freed the way libtesseract frees it. */
  private static String take(BytePointer text) {
    if (text == null || text.isNull()) {
      return "";
    }
    try {
      return text.getString(StandardCharsets.UTF_8);
    } finally {
      tesseract.TessDeleteText(text);
    }
  }

  @Override
  public void close() {
    if (handle != null) {
      handle.End();
      handle.close();
      handle = null;
      language = null;
    }
  }
}
