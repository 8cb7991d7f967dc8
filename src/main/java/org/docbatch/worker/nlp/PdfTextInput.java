package org.docbatch.worker.nlp;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.spi.DocumentException;

/**
 * The text layer of a PDF, page by page so that a long PDF is refused as soon as its text passes
 * {@code max_chars}. A PDF without text (a scan) cannot be read here: it needs OCR first.
 */
final class PdfTextInput {

  private PdfTextInput() {}

  static NlpInput read(Path file, int maxChars) throws DocumentException {
    try (PDDocument document = PdfLoader.open(file)) {
      int pages = document.getNumberOfPages();
      PDFTextStripper stripper = new PDFTextStripper();
      StringBuilder text = new StringBuilder();
      for (int page = 1; page <= pages; page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        text.append(stripper.getText(document));
        if (text.length() > maxChars) {
          throw TextTooLong.error(
              "The PDF's text (by page " + page + " of " + pages + ")", maxChars);
        }
      }
      if (text.toString().isBlank()) {
        throw new DocumentException(
            "no_text_layer",
            "The PDF has no text layer ("
                + pages
                + (pages == 1 ? " page" : " pages")
                + " of images, a scan); run it through OCR first and submit the text OCR produces"
                + " to NLP.");
      }
      return new NlpInput(text.toString(), "pdf", null, pages);
    } catch (IOException e) {
      throw new DocumentException(
          "corrupt_pdf",
          "The PDF's text could not be extracted ("
              + e.getMessage()
              + "); re-export or repair it and resubmit.",
          e);
    }
  }
}
