package org.docbatch.worker.ocr;

import java.nio.file.Path;
import org.docbatch.worker.ocr.engine.OcrEngine;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;

/**
 * Tesseract inside the server, one engine per worker thread ({@code OCR_ISOLATION=thread}). The
 * fastest way, but a crash in libtesseract takes the whole node down: choose it only for trusted
 * documents.
 */
final class InThreadRecognizer implements Recognizer {

  private final String engineName;
  private final Path tessdata;
  private final boolean faultsEnabled;
  private volatile boolean closed;
  private final ThreadLocal<OcrEngine> engine = ThreadLocal.withInitial(this::newEngine);

  /**
   * @param engineName which Tesseract ({@link OcrEngine#NAMES}); {@code tess4j} needs {@code
   *     OMP_THREAD_LIMIT=1} in this process's environment from its start
   */
  InThreadRecognizer(String engineName, Path tessdata, boolean faultsEnabled) {
    this.engineName = engineName;
    this.tessdata = tessdata;
    this.faultsEnabled = faultsEnabled;
  }

  @Override
  public PageText recognize(OcrRequest request) throws OcrEngineException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    OcrEngine mine = engine.get();
    try {
      if (closed) {
        throw new IllegalStateException("OCR stopped: this node is shutting down");
      }
      return mine.recognize(request);
    } finally {
      if (closed) {
        mine.close();
      }
    }
  }

  private OcrEngine newEngine() {
    return OcrEngine.open(engineName, tessdata, faultsEnabled);
  }

  /**
   * Stops OCR. Each engine is freed by its own thread, after the page it may be reading (freeing an
   * engine under the thread using it would crash the server in libtesseract); the engines of
   * threads that read no further page go with the process.
   */
  @Override
  public void close() {
    closed = true;
  }
}
