package org.docbatch.worker.ocr.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The document's whole text, each page followed by a form feed as Tesseract's and pdftotext's text
 * output are, so that tools that split pages on it keep working. Never cut, unlike the result's.
 */
public final class TextWriter implements PageSink {

  private final Writer out;

  public TextWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  @Override
  public void page(ReadPage page) throws IOException {
    out.write(page.text().strip());
    out.write("\n\f");
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
