package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A searchable PDF: each page as it came with the words read on it as invisible text over it
 * ({@link InvisibleText}). Over a PDF, the document itself is kept (its pages, images, fonts,
 * outline and metadata) and each page read by OCR gets a content stream appended; a page whose own
 * text layer was used, or that was not read, is left untouched. Over images, each page is its image
 * at its resolution with the text over it.
 *
 * <p>The text is in Helvetica, one of the PDF's standard fonts every reader has (nothing is
 * embedded), stretched word by word to its box; characters outside its Latin-1-like encoding are
 * laid as '?' (the hOCR, ALTO, TSV and text outputs keep them).
 */
public final class SearchablePdf implements PageSink {

  private final PDDocument pdf;
  private final PageImages images;
  private final OutputStream out;
  private final InvisibleText text =
      new InvisibleText(new PDType1Font(Standard14Fonts.FontName.HELVETICA));

  private SearchablePdf(PDDocument pdf, PageImages images, OutputStream out) {
    this.pdf = pdf;
    this.images = images;
    this.out = out;
  }

  /** Over the PDF {@code source}, which this then owns and closes. */
  public static SearchablePdf over(PDDocument source, OutputStream out) {
    return new SearchablePdf(source, null, out);
  }

  /** A new PDF of the pages' images. */
  public static SearchablePdf ofImages(PageImages images, OutputStream out) {
    return new SearchablePdf(new PDDocument(), images, out);
  }

  @Override
  public void page(ReadPage page) throws IOException {
    if (images == null) {
      overPage(page);
    } else {
      imagePage(page);
    }
  }

  private void overPage(ReadPage page) throws IOException {
    if (page.fromTextLayer() || page.number() > pdf.getNumberOfPages()) {
      return;
    }
    PDPage target = pdf.getPage(page.number() - 1);
    try (PDPageContentStream content =
        new PDPageContentStream(pdf, target, AppendMode.APPEND, true, true)) {
      text.draw(
          content,
          page.words(),
          PageGeometry.uprightToUser(page, target.getCropBox(), target.getRotation()));
    }
  }

  private void imagePage(ReadPage page) throws IOException {
    PDImageXObject image = images.image(pdf, page.number());
    float width = page.imageWidth() * 72f / page.dpi();
    float height = page.imageHeight() * 72f / page.dpi();
    PDPage target = new PDPage(new PDRectangle(width, height));
    pdf.addPage(target);
    try (PDPageContentStream content = new PDPageContentStream(pdf, target)) {
      content.drawImage(image, 0, 0, width, height);
      text.draw(content, page.words(), PageGeometry.uprightToUser(page, target.getCropBox(), 0));
    }
  }

  @Override
  public void finish() throws IOException {
    // Without object streams: PDFBox 3.0's compressed save declares a /Size qpdf --check warns of.
    pdf.save(out, CompressParameters.NO_COMPRESSION);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      pdf.close();
    } finally {
      out.close();
    }
  }
}
