package org.docbatch.worker.ocr;

import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;
import org.docbatch.worker.ocr.engine.TesseractEngine;

/**
 * Tesseract inside the server, one engine per worker thread ({@code OCR_ISOLATION=thread}). The
 * fastest way, but a crash in libtesseract takes the whole node down: choose it only for trusted
 * documents.
 */
final class InThreadRecognizer implements Recognizer {

  private final Path tessdata;
  private final boolean faultsEnabled;
  private final Queue<TesseractEngine> engines = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<TesseractEngine> engine = ThreadLocal.withInitial(this::newEngine);

  InThreadRecognizer(Path tessdata, boolean faultsEnabled) {
    this.tessdata = tessdata;
    this.faultsEnabled = faultsEnabled;
  }

  @Override
  public PageText recognize(OcrRequest request) throws OcrEngineException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return engine.get().recognize(request);
  }

  private TesseractEngine newEngine() {
    TesseractEngine created = new TesseractEngine(tessdata, faultsEnabled);
    engines.add(created);
    return created;
  }

  /** Called once the pool's threads are done: an engine must not be closed under its thread. */
  @Override
  public void close() {
    TesseractEngine next;
    while ((next = engines.poll()) != null) {
      next.close();
    }
  }
}
