package org.docbatch.worker.ocr;

import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
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
 * are decoded. Pages are counted as they are read (or planned), never past {@code max_pages}: a
 * hostile TIFF can chain a million pages, and counting them would read the whole chain.
 */
final class TiffPages {

  private TiffPages() {}

  /** What a TIFF holds as far as it is read: the pages to read, and its page count if known. */
  record Extent(int toRead, boolean truncated) {

    /**
     * Past {@code max_pages} the pages are not counted: the count is known only if all are read.
     */
    OptionalInt pageCount() {
      return truncated ? OptionalInt.empty() : OptionalInt.of(toRead);
    }
  }

  /** Reads every page (up to {@code max_pages}) in turn. */
  static JsonObjectBuilder read(Path file, OcrOptions options, PageReader reader)
      throws DocumentException {
    return withTiff(
        file,
        tiff -> {
          int page = 0;
          while (page < options.maxPages() && hasPage(tiff, page)) {
            readOne(tiff, page, options, reader);
            page++;
          }
          if (page == 0) {
            throw damaged("it has no pages", null);
          }
          Extent extent = new Extent(page, hasPage(tiff, page));
          JsonObjectBuilder result = reader.result().add("truncated", extent.truncated());
          extent.pageCount().ifPresent(count -> result.add("page_count", count));
          return result;
        });
  }

  /**
   * The pages a reading would read, from the page directories alone (no pixel is decoded): what a
   * page plan needs.
   */
  static Extent extent(Path file, OcrOptions options) throws DocumentException {
    return withTiff(
        file,
        tiff -> {
          int pages = 0;
          while (pages < options.maxPages() && hasPage(tiff, pages)) {
            pages++;
          }
          if (pages == 0) {
            throw damaged("it has no pages", null);
          }
          return new Extent(pages, hasPage(tiff, pages));
        });
  }

  /** Reads page {@code page} (from 1) alone, as a partition of a planned TIFF does. */
  static void readPage(Path file, int page, OcrOptions options, PageReader reader)
      throws DocumentException {
    withTiff(
        file,
        tiff -> {
          if (page < 1 || !hasPage(tiff, page - 1)) {
            throw new DocumentException(
                "corrupt_image",
                "The TIFF has no page " + page + "; it changed since it was planned.");
          }
          readOne(tiff, page - 1, options, reader);
          return null;
        });
  }

  private interface TiffWork<T> {
    T on(ImageReader tiff) throws IOException, DocumentException;
  }

  private static <T> T withTiff(Path file, TiffWork<T> work) throws DocumentException {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader tiff = ImageReaders.readerFor(in);
      try {
        tiff.setInput(in, false, true);
        return work.on(tiff);
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

  /** Reads page {@code index} (from 0), its size checked and its memory reserved first. */
  private static void readOne(ImageReader tiff, int index, OcrOptions options, PageReader reader)
      throws IOException, DocumentException {
    int width = tiff.getWidth(index);
    int height = tiff.getHeight(index);
    String what = "TIFF page " + (index + 1);
    options
        .pixelLimit()
        .check(width, height, what, "downscale it or raise the job option max_megapixels");
    try (DecodeBudget.Reservation held =
        DecodeBudget.node()
            .reserve(
                ImageDecoder.bytesToDecode(tiff, index, width, height),
                what,
                "downscale it or convert it to 8-bit grey and resubmit")) {
      BufferedImage image = tiff.read(index);
      reader.recognize(index + 1, image, OcrProcessor.dpi(ImageProbe.dpi(tiff, index), options));
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
