package org.docbatch.worker.preprocessing;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.docbatch.json.Json;
import org.docbatch.worker.DocumentException;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.PdfLoader;

/**
 * Renders a PDF's pages to grayscale PNGs for OCR, one page in memory at a time. Each page's size
 * at the requested DPI is checked against the pixel limit before rendering: a PDF page can be 200
 * inches wide, and rendering it at 300 dpi would need gigabytes.
 */
final class PdfPageRenderer {

  private static final float POINTS_PER_INCH = 72f;

  private PdfPageRenderer() {}

  static JsonObjectBuilder process(Path file, Path outputDir, PreprocessingOptions options)
      throws DocumentException {
    try (PDDocument document = PdfLoader.open(file)) {
      int pageCount = document.getNumberOfPages();
      int toRender = Math.min(pageCount, options.maxPages());
      PDFRenderer renderer = new PDFRenderer(document);
      // Embedded images larger than the output resolution are subsampled while decoding, not after.
      renderer.setSubsamplingAllowed(true);
      JsonArrayBuilder outputs = Json.createArrayBuilder();
      JsonArrayBuilder pages = Json.createArrayBuilder();
      String baseName = FileExtension.baseName(file);
      for (int index = 0; index < toRender; index++) {
        checkPageSize(document, index, options);
        BufferedImage image = render(renderer, index, options.dpi());
        Path output =
            outputDir.resolve(String.format(Locale.ROOT, "%s-page-%04d.png", baseName, index + 1));
        PngWriter.write(image, output, OptionalDouble.of(options.dpi()));
        outputs.add(output.toString());
        pages.add(
            Json.createObjectBuilder()
                .add("page", index + 1)
                .add("path", output.toString())
                .add("width", image.getWidth())
                .add("height", image.getHeight()));
      }
      JsonArrayBuilder warnings = Json.createArrayBuilder();
      if (toRender < pageCount) {
        warnings.add(
            "Only the first "
                + toRender
                + " of "
                + pageCount
                + " pages were rendered; raise the"
                + " job option max_pages to render more.");
      }
      return Json.createObjectBuilder()
          .add("outputs", outputs)
          .add("pages", pages)
          .add("page_count", pageCount)
          .add("pages_rendered", toRender)
          .add("truncated", toRender < pageCount)
          .add("dpi", options.dpi())
          .add("warnings", warnings);
    } catch (IOException e) {
      throw new DocumentException(
          "output_failed", "A rendered page could not be written: " + e.getMessage(), e);
    }
  }

  private static void checkPageSize(PDDocument document, int index, PreprocessingOptions options)
      throws DocumentException {
    PDRectangle box = document.getPage(index).getCropBox();
    float scale = options.dpi() / POINTS_PER_INCH;
    int width = Math.max(1, Math.round(box.getWidth() * scale));
    int height = Math.max(1, Math.round(box.getHeight() * scale));
    options
        .pixelLimit()
        .check(
            width,
            height,
            "page " + (index + 1) + " rendered at " + options.dpi() + " dpi",
            "lower the job option dpi or raise max_megapixels");
  }

  private static BufferedImage render(PDFRenderer renderer, int index, int dpi)
      throws DocumentException {
    try {
      return renderer.renderImageWithDPI(index, dpi, ImageType.GRAY);
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(
          "corrupt_pdf",
          "Page "
              + (index + 1)
              + " of the PDF is damaged and cannot be rendered ("
              + e.getMessage()
              + "); re-export or repair the PDF and resubmit.",
          e);
    }
  }
}
