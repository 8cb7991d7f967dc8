package org.docbatch.worker.ocr.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tesseract's word TSV for the whole document: one header, then each page's rows with its page
 * number in {@code page_num} (Tesseract numbers every single-image reading page 1).
 */
public final class TsvWriter implements PageSink {

  static final String HEADER =
      "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

  private final Writer out;

  public TsvWriter(OutputStream out) throws IOException {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    this.out.write(HEADER);
    this.out.write('\n');
  }

  @Override
  public void page(ReadPage page) throws IOException {
    if (page.tsv().isEmpty()) {
      // A text-layer page: its page row only, so that every page is there.
      out.write(
          "1\t"
              + page.number()
              + "\t0\t0\t0\t0\t0\t0\t"
              + page.words().width()
              + "\t"
              + page.words().height()
              + "\t-1\t\n");
      return;
    }
    for (String row : page.tsv().split("\n")) {
      String[] cells = row.split("\t", -1);
      if (cells.length < 12 || cells[0].isEmpty() || !Character.isDigit(cells[0].charAt(0))) {
        continue;
      }
      cells[1] = Integer.toString(page.number());
      out.write(String.join("\t", cells));
      out.write('\n');
    }
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
