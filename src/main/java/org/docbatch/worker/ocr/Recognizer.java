package org.docbatch.worker.ocr;

import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;

/**
 * Runs Tesseract on one page, in this JVM ({@link InThreadRecognizer}) or in a supervised child
 * process ({@link ChildProcessRecognizer}), as {@code OCR_ISOLATION} says. Safe for the OCR pool's
 * threads to call at once.
 */
public interface Recognizer extends AutoCloseable {

  /**
   * @throws OcrEngineException when the page cannot be read; its code and message are the
   *     document's error
   * @throws InterruptedException when the calling worker was interrupted (cancel or timeout)
   */
  PageText recognize(OcrRequest request) throws OcrEngineException, InterruptedException;

  /**
   * Stops OCR on this node (it is shutting down): engines are released, a page being read fails the
   * run, not the document (an unchecked exception, so that the partition runs again), and later
   * calls fail the same way.
   */
  @Override
  void close();
}
