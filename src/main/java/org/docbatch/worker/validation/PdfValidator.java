package org.docbatch.worker.validation;

import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.spi.DocumentException;

/**
 * Checks a PDF: it opens without a password, has at most {@code max_pages} pages, and whether it
 * carries a text layer (if not, it is a scan and needs OCR).
 */
final class PdfValidator {

  /**
   * Looking for a text layer reads only these first pages: enough to tell a scan from a
   * born-digital PDF.
   */
  static final int TEXT_LAYER_SAMPLE_PAGES = 3;

  private PdfValidator() {}

  static void validate(
      Path file, ValidationOptions options, JsonObjectBuilder result, List<String> warnings)
      throws DocumentException {
    try (PDDocument document = PdfLoader.open(file)) {
      int pages = document.getNumberOfPages();
      if (pages > options.maxPages()) {
        throw new DocumentException(
            "too_many_pages",
            "The PDF has "
                + pages
                + " pages, over the limit of "
                + options.maxPages()
                + " (job option max_pages); split it or raise the limit.");
      }
      int sampled = Math.min(pages, TEXT_LAYER_SAMPLE_PAGES);
      int textChars = sampleTextChars(document, sampled, warnings);
      result
          .add("page_count", pages)
          .add("pdf_version", Float.toString(document.getVersion()))
          .add("encrypted", document.isEncrypted())
          .add("has_text_layer", textChars > 0)
          .add("text_layer_pages_sampled", sampled)
          .add("text_layer_chars_sampled", textChars);
      if (document.isEncrypted()) {
        warnings.add(
            "The PDF is encrypted with an owner password only; it opens, but its"
                + " permissions may restrict copying text.");
      }
      if (textChars == 0) {
        warnings.add("The first " + sampled + " page(s) have no text layer; the PDF needs OCR.");
      }
    } catch (IOException e) {
      // Closing a read-only document; nothing was changed, so the checks above still stand.
      warnings.add("The PDF could not be closed cleanly: " + e.getMessage());
    }
  }

  /** Non-whitespace characters on the first pages; a broken content stream counts as none. */
  private static int sampleTextChars(PDDocument document, int pages, List<String> warnings) {
    try {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(1);
      stripper.setEndPage(pages);
      return stripper.getText(document).replaceAll("\\s+", "").length();
    } catch (IOException | RuntimeException e) {
      warnings.add("Text could not be extracted from the first pages: " + e.getMessage());
      return 0;
    }
  }
}
