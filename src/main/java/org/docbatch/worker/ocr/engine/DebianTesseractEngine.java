package org.docbatch.worker.ocr.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;

/**
 * {@code OCR_ENGINE=tess4j}: Tess4J's JNA mapping over the system's libtesseract (Debian 12: 5.3.0
 * from {@code tesseract-ocr}). Debian's build uses OpenMP: the process that loads it must have
 * {@code OMP_THREAD_LIMIT=1} in its environment before libgomp loads, or a page takes about 6x
 * longer (the server sets it for its OCR children; {@code OCR_ISOLATION=thread} needs it in the
 * server's own environment). One handle, initialised once per language and reused page after page
 * (a fresh {@code Tesseract.doOCR} re-initialises every call, about 70 ms).
 */
public final class DebianTesseractEngine extends HandleEngine<TessBaseAPI> {

  /**
   * Tess4J's interface mapping, whose functions are looked up when first called: its direct mapping
   * ({@code TessAPI1}) binds every function at once and fails on Debian's libtesseract 5.3, which
   * lacks some of the newest.
   */
  private static final TessAPI API =
      Native.load("tesseract", TessAPI.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

  DebianTesseractEngine(Path tessdata, boolean faultsEnabled) {
    super(tessdata, faultsEnabled);
  }

  @Override
  TessBaseAPI create(Path tessdata, String language) {
    TessBaseAPI created = API.TessBaseAPICreate();
    if (API.TessBaseAPIInit3(created, tessdata.toString(), language) != 0) {
      API.TessBaseAPIDelete(created);
      return null;
    }
    return created;
  }

  @Override
  void destroy(TessBaseAPI handle) {
    API.TessBaseAPIEnd(handle);
    API.TessBaseAPIDelete(handle);
  }

  @Override
  Read read(TessBaseAPI api, OcrRequest request, long started) throws OcrEngineException {
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
        throw PageFailures.recognizeFailed(started, request);
      }
      String text = take(API.TessBaseAPIGetUTF8Text(api));
      int confidence = API.TessBaseAPIMeanTextConf(api);
      String tsv = request.wordBoxes() ? take(API.TessBaseAPIGetTsvText(api, 0)) : "";
      PageText read =
          new PageText(text, confidence, tsv, (System.nanoTime() - started) / 1_000_000);
      return new Read(read, sideways(api));
    } finally {
      API.TessMonitorDelete(monitor);
      API.TessBaseAPIClear(api);
    }
  }

  /** Whether most blocks of the page just recognised have their text running sideways. */
  private static boolean sideways(TessBaseAPI api) {
    TessResultIterator results = API.TessBaseAPIGetIterator(api);
    if (results == null) {
      return false;
    }
    TessPageIterator blocks = API.TessResultIteratorGetPageIterator(results);
    IntBuffer orientation = IntBuffer.allocate(1);
    IntBuffer writing = IntBuffer.allocate(1);
    IntBuffer unused = IntBuffer.allocate(1);
    FloatBuffer deskew = FloatBuffer.allocate(1);
    int turned = 0;
    int all = 0;
    try {
      do {
        API.TessPageIteratorOrientation(blocks, orientation, writing, unused, deskew);
        all++;
        if (SidewaysText.block(orientation.get(0), writing.get(0))) {
          turned++;
        }
      } while (API.TessPageIteratorNext(blocks, SidewaysText.BLOCK_LEVEL) != 0);
    } finally {
      API.TessResultIteratorDelete(results);
    }
    return turned * 2 > all;
  }

  @Override
  Orientation detect(TessBaseAPI osd, GrayPage page) {
    ByteBuffer pixels = ByteBuffer.allocateDirect(page.pixels().length);
    pixels.put(page.pixels()).flip();
    API.TessBaseAPISetPageSegMode(osd, 0); // PSM_OSD_ONLY
    API.TessBaseAPISetImage(osd, pixels, page.width(), page.height(), 1, page.width());
    API.TessBaseAPISetSourceResolution(osd, page.dpi());
    IntBuffer degrees = IntBuffer.allocate(1);
    FloatBuffer confidence = FloatBuffer.allocate(1);
    FloatBuffer scriptConfidence = FloatBuffer.allocate(1);
    try {
      if (API.TessBaseAPIDetectOrientationScript(
              osd, degrees, confidence, new PointerByReference(), scriptConfidence)
          == 0) {
        return Orientation.UNKNOWN;
      }
      return Orientation.detected(degrees.get(0), confidence.get(0));
    } finally {
      API.TessBaseAPIClear(osd);
    }
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
}
