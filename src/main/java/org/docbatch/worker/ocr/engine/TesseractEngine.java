package org.docbatch.worker.ocr.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.TessAPI;

/**
 * One libtesseract handle, initialised once per language and reused page after page (a fresh {@code
 * Tesseract.doOCR} re-initialises every call, about 70 ms). Not thread-safe: libtesseract crashed
 * the JVM here when one handle was shared, so each worker thread, or each OCR child process, owns
 * one engine.
 *
 * <p>This class and its package use only the JDK, JNA and Tess4J, so that the same code runs inside
 * the server and in an OCR child process that has none of the server's libraries.
 */
public final class TesseractEngine implements AutoCloseable {

  /**
   * Tess4J's interface mapping, whose functions are looked up when first called: its direct mapping
   * ({@code TessAPI1}) binds every function at once and fails on Debian's libtesseract 5.3, which
   * lacks some of the newest.
   */
  private static final TessAPI API =
      Native.load("tesseract", TessAPI.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

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
    ByteBuffer pixels = ByteBuffer.allocateDirect(page.pixels().length);
    pixels.put(page.pixels()).flip();
    API.TessBaseAPISetPageSegMode(api, request.pageSegmentationMode());
    API.TessBaseAPISetImage(api, pixels, page.width(), page.height(), 1, page.width());
    API.TessBaseAPISetSourceResolution(api, page.dpi());
    ETEXT_DESC monitor = API.TessMonitorCreate();
    // Tess4J's structure does not match libtesseract 5's layout: treat it as an opaque handle.
    monitor.setAutoSynch(false);
    try {
      API.TessMonitorSetDeadlineMSecs(monitor, request.timeoutMillis());
      if (API.TessBaseAPIRecognize(api, monitor) != 0) {
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
      String text = take(API.TessBaseAPIGetUTF8Text(api));
      int confidence = API.TessBaseAPIMeanTextConf(api);
      String tsv = request.wordBoxes() ? take(API.TessBaseAPIGetTsvText(api, 0)) : "";
      return new PageText(text, confidence, tsv, (System.nanoTime() - started) / 1_000_000);
    } finally {
      API.TessMonitorDelete(monitor);
      API.TessBaseAPIClear(api);
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
    TessBaseAPI created = API.TessBaseAPICreate();
    if (API.TessBaseAPIInit3(created, tessdata.toString(), wanted) != 0) {
      API.TessBaseAPIDelete(created);
      throw new OcrEngineException(
          "unknown_language", "Tesseract could not load language " + wanted + " from " + tessdata);
    }
    handle = created;
    language = wanted;
    return handle;
  }

  private static String take(Pointer text) {
    if (text == null) {
      return "";
    }
    try {
      return text.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      API.TessDeleteText(text);
    }
  }

  @Override
  public void close() {
    if (handle != null) {
      API.TessBaseAPIEnd(handle);
      API.TessBaseAPIDelete(handle);
      handle = null;
      language = null;
    }
  }
}
