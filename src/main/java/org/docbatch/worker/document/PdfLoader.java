package org.docbatch.worker.document;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.docbatch.worker.spi.DocumentException;

/**
 * Opens a PDF with PDFBox and turns its failures into messages a user can act on. PDFBox reads from
 * the file on demand rather than loading it whole, so large PDFs stay off the heap.
 */
public final class PdfLoader {

  private PdfLoader() {}

  /**
   * The caller closes the document.
   *
   * @throws DocumentException {@code encrypted_pdf} when a password is needed to open it, {@code
   *     corrupt_pdf} when it cannot be parsed or has no pages
   */
  public static PDDocument open(Path file) throws DocumentException {
    PDDocument document;
    try {
      document = Loader.loadPDF(file.toFile());
    } catch (InvalidPasswordException e) {
      throw new DocumentException(
          "encrypted_pdf", "PDF is password-protected; remove the password and resubmit.", e);
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(
          "corrupt_pdf",
          "The PDF is damaged and cannot be opened ("
              + e.getMessage()
              + "); re-export or repair it (e.g. print to PDF) and resubmit.",
          e);
    }
    if (document.getNumberOfPages() == 0) {
      close(document);
      throw new DocumentException(
          "corrupt_pdf", "The PDF has no pages; re-export it from the original and resubmit.");
    }
    return document;
  }

  private static void close(PDDocument document) {
    try {
      document.close();
    } catch (IOException ignored) {
      // Nothing was written; a failure to release a read-only file leaves nothing to clean up.
    }
  }
}
