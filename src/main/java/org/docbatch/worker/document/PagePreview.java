package org.docbatch.worker.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.docbatch.worker.spi.DocumentException;

/**
 * One page of a document as a picture for a person to look at beside its text: the page as it came
 * (not as it was cleaned or turned for reading), at most {@code maxSide} pixels wide and high, so
 * that whatever the scan's size the picture costs a bounded amount of memory. A PDF page is
 * rendered at the scale that fits; an image is decoded with every n-th pixel of every n-th row
 * (ImageIO's subsampling: the full image is never in memory), then scaled to fit.
 */
public final class PagePreview {

  /** Rendering a PDF page above this scale (150 dpi) would only enlarge it. */
  private static final float MAX_PDF_SCALE = 150f / 72f;

  private PagePreview() {}

  /**
   * @param page from 1
   * @throws DocumentException {@code no_page_image} (a text document), {@code page_not_found}, or
   *     the document's own failure to decode
   */
  public static BufferedImage render(Path file, int page, int maxSide) throws DocumentException {
    DocumentType type = FileTypeSniffer.sniff(file);
    if (type == DocumentType.PDF) {
      return pdfPage(file, page, maxSide);
    }
    if (type.isImage()) {
      return imagePage(file, page, maxSide);
    }
    throw new DocumentException("no_page_image", "a " + type.label() + " document has no pages");
  }

  private static BufferedImage pdfPage(Path file, int page, int maxSide) throws DocumentException {
    try (PDDocument pdf = PdfLoader.open(file)) {
      if (page > pdf.getNumberOfPages()) {
        throw noSuchPage(page, pdf.getNumberOfPages());
      }
      PDRectangle box = pdf.getPage(page - 1).getCropBox();
      float scale =
          Math.min(
              MAX_PDF_SCALE, maxSide / Math.max(1f, Math.max(box.getWidth(), box.getHeight())));
      PDFRenderer renderer = new PDFRenderer(pdf);
      renderer.setSubsamplingAllowed(true);
      return renderer.renderImage(page - 1, scale, ImageType.RGB);
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(
          "corrupt_pdf", "page " + page + " of the PDF cannot be rendered", e);
    }
  }

  private static BufferedImage imagePage(Path file, int page, int maxSide)
      throws DocumentException {
    try (ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageReaders.readerFor(in);
      try {
        reader.setInput(in);
        int pages = reader.getNumImages(true);
        if (page > pages) {
          throw noSuchPage(page, pages);
        }
        int width = reader.getWidth(page - 1);
        int height = reader.getHeight(page - 1);
        // Every step-th pixel leaves at least maxSide (and under twice as many) to scale down.
        int step = Math.max(1, Math.max(width, height) / maxSide);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return fit(reader.read(page - 1, param), maxSide);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(
          "corrupt_image", "page " + page + " of the image cannot be decoded", e);
    }
  }

  /** The image scaled down to fit {@code maxSide}, in RGB on white (for any transparency). */
  private static BufferedImage fit(BufferedImage image, int maxSide) {
    double scale = Math.min(1, maxSide / (double) Math.max(image.getWidth(), image.getHeight()));
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static DocumentException noSuchPage(int page, int pages) {
    return new DocumentException(
        "page_not_found", "the document has " + pages + " page(s), not a page " + page);
  }
}
