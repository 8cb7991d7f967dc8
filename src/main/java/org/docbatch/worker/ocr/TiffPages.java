package org.docbatch.worker.ocr;

import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.docbatch.worker.document.DecodeBudget;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageProbe;
import org.docbatch.worker.document.ImageReaders;
import org.docbatch.worker.document.OutOfMemory;
import org.docbatch.worker.spi.DocumentException;

/**
 * Reads a TIFF page by page, each page's header checked against the pixel limit before its pixels
 * are decoded. Pages are counted as they are read, never all at once: a hostile TIFF can chain a
 * million pages, and counting them would read the whole chain.
 */
final class TiffPages {

  private TiffPages() {}

  static JsonObjectBuilder read(Path file, OcrOptions options, PageReader reader)
      throws DocumentException {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader tiff = ImageReaders.readerFor(in);
      try {
        tiff.setInput(in, false, true);
        int page = 0;
        while (page < options.maxPages() && hasPage(tiff, page)) {
          int width = tiff.getWidth(page);
          int height = tiff.getHeight(page);
          String what = "TIFF page " + (page + 1);
          options
              .pixelLimit()
              .check(width, height, what, "downscale it or raise the job option max_megapixels");
          try (DecodeBudget.Reservation held =
              DecodeBudget.node()
                  .reserve(
                      ImageDecoder.bytesToDecode(tiff, page, width, height),
                      what,
                      "downscale it or convert it to 8-bit grey and resubmit")) {
            BufferedImage image = tiff.read(page);
            reader.recognize(
                page + 1, image, OcrProcessor.dpi(ImageProbe.dpi(tiff, page), options));
          }
          page++;
        }
        if (page == 0) {
          throw damaged("it has no pages", null);
        }
        boolean truncated = hasPage(tiff, page);
        JsonObjectBuilder result = reader.result().add("truncated", truncated);
        // Past max_pages the pages are not counted (see above): the count is known only if all were
        // read.
        return truncated ? result : result.add("page_count", page);
      } finally {
        tiff.dispose();
      }
    } catch (IOException | RuntimeException e) {
      OutOfMemoryError outOfMemory = OutOfMemory.in(e);
      if (outOfMemory != null) {
        throw outOfMemory; // not a damaged TIFF: the runner reports it as what it is
      }
      throw damaged(String.valueOf(e.getMessage()), e);
    }
  }

  private static boolean hasPage(ImageReader tiff, int page) throws IOException {
    try {
      tiff.getWidth(page);
      return true;
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static DocumentException damaged(String detail, Exception cause) {
    return new DocumentException(
        "corrupt_image",
        "The TIFF image is truncated or damaged and cannot be decoded ("
            + detail
            + "); re-export or re-scan it and resubmit.",
        cause);
  }
}
