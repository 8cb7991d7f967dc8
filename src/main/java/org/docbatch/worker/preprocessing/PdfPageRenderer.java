package org.docbatch.worker.preprocessing;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.document.PdfRasterizer;
import org.docbatch.worker.spi.DocumentException;

/** Renders a PDF's pages ({@link PdfRasterizer}) to grayscale PNGs for OCR, one page at a time. */
final class PdfPageRenderer {

  private PdfPageRenderer() {}

  static JsonObjectBuilder process(Path file, Outputs outputs, PreprocessingOptions options)
      throws DocumentException {
    try (PDDocument document = PdfLoader.open(file)) {
      int pageCount = document.getNumberOfPages();
      int toRender = Math.min(pageCount, options.maxPages());
      PdfRasterizer rasterizer = new PdfRasterizer(document, options.dpi(), options.pixelLimit());
      JsonArrayBuilder pages = Json.createArrayBuilder();
      String baseName = FileExtension.baseName(file);
      for (int index = 0; index < toRender; index++) {
        String name =
            DocumentArtifacts.safeName(
                baseName, String.format(Locale.ROOT, "-page-%04d.png", index + 1));
        try (PdfRasterizer.Page page = rasterizer.render(index)) {
          BufferedImage image = page.image();
          outputs.write(name, out -> PngWriter.write(image, out, OptionalDouble.of(options.dpi())));
          pages.add(
              Json.createObjectBuilder()
                  .add("page", index + 1)
                  .add("artifact", outputs.apiPath(name))
                  .add("width", image.getWidth())
                  .add("height", image.getHeight()));
        }
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
          .add("pages", pages)
          .add("page_count", pageCount)
          .add("pages_rendered", toRender)
          .add("truncated", toRender < pageCount)
          .add("dpi", options.dpi())
          .add("warnings", warnings);
    } catch (IOException e) {
      throw new DocumentException(
          "corrupt_pdf", "The PDF could not be read: " + Outputs.withoutPath(e), e);
    }
  }
}
