package org.docbatch.worker.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.docbatch.worker.spi.DocumentException;

/**
 * Renders a PDF's pages in gray, one at a time, each page's size at the requested dpi checked
 * against the pixel limit before rendering: a PDF page can be 200 inches wide, and rendering it at
 * 300 dpi would need gigabytes.
 */
public final class PdfRasterizer {

  private static final float POINTS_PER_INCH = 72f;

  private final PDDocument document;
  private final int dpi;
  private final PixelLimit limit;
  private final PDFRenderer renderer;

  public PdfRasterizer(PDDocument document, int dpi, PixelLimit limit) {
    this.document = document;
    this.dpi = dpi;
    this.limit = limit;
    this.renderer = new PDFRenderer(document);
    // Embedded images larger than the output resolution are subsampled while decoding, not after.
    renderer.setSubsamplingAllowed(true);
  }

  /**
   * @param index the page, from 0
   * @throws DocumentException {@code image_too_large} or {@code corrupt_pdf}
   */
  public BufferedImage render(int index) throws DocumentException {
    PDRectangle box;
    try {
      box = document.getPage(index).getCropBox();
    } catch (RuntimeException e) {
      // A page tree that declares more pages than it has, or a page without a usable box.
      throw damaged(index, e);
    }
    float scale = dpi / POINTS_PER_INCH;
    limit.check(
        Math.max(1, Math.round(box.getWidth() * scale)),
        Math.max(1, Math.round(box.getHeight() * scale)),
        "page " + (index + 1) + " rendered at " + dpi + " dpi",
        "lower the job option dpi or raise max_megapixels");
    try {
      return renderer.renderImageWithDPI(index, dpi, ImageType.GRAY);
    } catch (IOException | RuntimeException e) {
      throw damaged(index, e);
    }
  }

  private static DocumentException damaged(int index, Exception e) {
    return new DocumentException(
        "corrupt_pdf",
        "Page "
            + (index + 1)
            + " of the PDF is damaged and cannot be rendered ("
            + e.getMessage()
            + "); re-export or repair the PDF and resubmit.",
        e);
  }
}
