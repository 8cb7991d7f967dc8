package org.docbatch.worker.ocr.output;

import java.io.IOException;

/** An output format written page by page, in page order; one page is in memory at a time. */
public interface PageSink extends AutoCloseable {

  void page(ReadPage page) throws IOException;

  /** Writes what follows the last page; the output is whole only after it. */
  void finish() throws IOException;

  @Override
  void close() throws IOException;
}
