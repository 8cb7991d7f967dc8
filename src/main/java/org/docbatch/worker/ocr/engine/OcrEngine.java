package org.docbatch.worker.ocr.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * One Tesseract handle that reads pages one at a time ({@code OCR_ENGINE} chooses which build). Not
 * thread-safe: libtesseract crashed the JVM here when one handle was shared, so each worker thread,
 * or each OCR child process, owns one engine.
 *
 * <ul>
 *   <li>{@code bytedeco} (default): Tesseract 5.5.2 with its own natives in the JAR ({@link
 *       Tesseract55Engine}); a quarter to a third less CPU per page ({@code
 *       bench/ocr/EngineCost.java}).
 *   <li>{@code tess4j}: Tess4J over Debian's libtesseract 5.3 ({@link DebianTesseractEngine}),
 *       which needs {@code OMP_THREAD_LIMIT=1} in the environment of the process that loads it.
 * </ul>
 */
public interface OcrEngine extends AutoCloseable {

  String BYTEDECO = "bytedeco";
  String TESS4J = "tess4j";

  /** The values of {@code OCR_ENGINE}, the default first. */
  List<String> NAMES = List.of(BYTEDECO, TESS4J);

  /**
   * Recognises one page.
   *
   * @throws OcrEngineException {@code unknown_language}, {@code ocr_timeout} or {@code ocr_failed}
   */
  PageText recognize(OcrRequest request) throws OcrEngineException;

  /** Frees the handle; the engine may be used again (it initialises a new one). */
  @Override
  void close();

  /**
   * An engine of the build named; its library loads on the first page, not here.
   *
   * @param name one of {@link #NAMES}
   * @param tessdata the folder holding {@code <language>.traineddata}
   * @param faultsEnabled whether {@link OcrRequest#fault()} is honoured (tests only)
   */
  static OcrEngine open(String name, Path tessdata, boolean faultsEnabled) {
    return switch (name) {
      case BYTEDECO -> new Tesseract55Engine(tessdata, faultsEnabled);
      case TESS4J -> new DebianTesseractEngine(tessdata, faultsEnabled);
      default ->
          throw new IllegalArgumentException(
              "OCR_ENGINE must be one of " + NAMES + " (got " + name + ")");
    };
  }
}
