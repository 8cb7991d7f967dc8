package org.docbatch.worker.ocr.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * {@code OCR_ENGINE=bytedeco} (the default): bytedeco's build of Tesseract 5.5.2 ({@code
 * org.bytedeco:tesseract}), which carries its own natives: no system library, and no OpenMP in
 * Tesseract or Leptonica (JavaCPP loads the libgomp the Leptonica jar carries, which neither
 * calls). It took a quarter to a third less CPU per page than {@link DebianTesseractEngine} ({@code
 * bench/ocr/EngineCost.java}). One handle, initialised once per language (about 70 ms) and reused
 * page after page.
 *
 * <p>This package uses only the JDK, the engines' libraries and JNA (for {@link Faults}), so that
 * the same code runs inside the server and in an OCR child process that has none of the server's
 * libraries.
 */
public final class Tesseract55Engine extends HandleEngine<TessBaseAPI> {

  Tesseract55Engine(Path tessdata, boolean faultsEnabled) {
    super(tessdata, faultsEnabled);
  }

  @Override
  TessBaseAPI create(Path tessdata, String language) {
    TessBaseAPI created = new TessBaseAPI();
    if (created.Init(tessdata.toString(), language) != 0) {
      created.close();
      return null;
    }
    return created;
  }

  @Override
  void destroy(TessBaseAPI handle) {
    handle.End();
    handle.close();
  }

  @Override
  Read read(TessBaseAPI api, OcrRequest request, long started) throws OcrEngineException {
    GrayPage page = request.page();
    api.SetPageSegMode(request.pageSegmentationMode());
    // Tesseract copies the pixels into its own image before this returns.
    api.SetImage(page.pixels(), page.width(), page.height(), 1, page.width());
    api.SetSourceResolution(page.dpi());
    ETEXT_DESC monitor = tesseract.TessMonitorCreate();
    try {
      tesseract.TessMonitorSetDeadlineMSecs(monitor, request.timeoutMillis());
      if (api.Recognize(monitor) != 0) {
        throw PageFailures.recognizeFailed(started, request);
      }
      String text = take(api.GetUTF8Text());
      int confidence = api.MeanTextConf();
      String tsv = request.wordBoxes() ? take(api.GetTSVText(0)) : "";
      PageText read =
          new PageText(text, confidence, tsv, (System.nanoTime() - started) / 1_000_000);
      return new Read(read, sideways(api));
    } finally {
      tesseract.TessMonitorDelete(monitor);
      api.Clear();
    }
  }

  /** Whether most blocks of the page just recognised have their text running sideways. */
  private static boolean sideways(TessBaseAPI api) {
    ResultIterator blocks = api.GetIterator();
    if (blocks == null || blocks.isNull()) {
      return false;
    }
    int[] orientation = new int[1];
    int[] writing = new int[1];
    int[] unused = new int[1];
    float[] deskew = new float[1];
    int turned = 0;
    int all = 0;
    try {
      do {
        blocks.Orientation(orientation, writing, unused, deskew);
        all++;
        if (SidewaysText.block(orientation[0], writing[0])) {
          turned++;
        }
      } while (blocks.Next(tesseract.RIL_BLOCK));
    } finally {
      tesseract.TessResultIteratorDelete(blocks);
    }
    return turned * 2 > all;
  }

  @Override
  Orientation detect(TessBaseAPI osd, GrayPage page) {
    osd.SetPageSegMode(tesseract.PSM_OSD_ONLY);
    osd.SetImage(page.pixels(), page.width(), page.height(), 1, page.width());
    osd.SetSourceResolution(page.dpi());
    try (IntPointer degrees = new IntPointer(1);
        FloatPointer confidence = new FloatPointer(1);
        FloatPointer scriptConfidence = new FloatPointer(1)) {
      if (!osd.DetectOrientationScript(
          degrees, confidence, (PointerPointer<?>) null, scriptConfidence)) {
        return Orientation.UNKNOWN;
      }
      return Orientation.detected(degrees.get(), confidence.get());
    } finally {
      osd.Clear();
    }
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
}
