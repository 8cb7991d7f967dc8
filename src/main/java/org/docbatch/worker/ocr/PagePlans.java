package org.docbatch.worker.ocr;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.document.PdfRasterizer;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.PagedProcessor;

/**
 * Documents read a page per partition ({@link PagedProcessor}): their page plans, made by the
 * document's partition, and the reading of one page, by the partition that reads it. A page is
 * rendered (or decoded) by the worker that reads it, never up front.
 */
final class PagePlans {

  private PagePlans() {}

  /**
   * The PDF's page plan when more than one of its pages is to be read by OCR: text-layer pages are
   * taken here (they cost no OCR), the others are left to a partition each. Empty when at most one
   * page needs OCR: then the document is read in its own partition, as a one-page document is.
   */
  static Optional<JsonObjectBuilder> ofPdf(
      PDDocument document, int pageCount, int toRead, OcrOptions options, PageReader reader)
      throws DocumentException {
    List<Integer> toOcr = new ArrayList<>();
    List<Integer> fromTextLayer = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int index = 0; index < toRead; index++) {
      Optional<String> text =
          options.textLayer() ? TextLayer.of(document, index) : Optional.empty();
      if (text.isPresent()) {
        fromTextLayer.add(index + 1);
        texts.add(text.get());
      } else {
        toOcr.add(index + 1);
      }
    }
    if (toOcr.size() < 2) {
      return Optional.empty();
    }
    for (int i = 0; i < fromTextLayer.size(); i++) {
      reader.textLayer(fromTextLayer.get(i), texts.get(i));
    }
    JsonArrayBuilder readPages = Json.createArrayBuilder();
    toOcr.forEach(readPages::add);
    JsonObject plan =
        Json.createObjectBuilder()
            .add("page_count", pageCount)
            .add("truncated", toRead < pageCount)
            .add("dpi", options.dpi())
            .add("detected_type", DocumentType.PDF.label())
            .add("read_pages", readPages)
            .add("text_pages", textPages(reader.result().build()))
            .build();
    return Optional.of(Json.createObjectBuilder().add(PagedProcessor.PLAN, plan));
  }

  /**
   * The TIFF's page plan when it has more than one page to read (counted from its page directories,
   * no pixel decoded); empty otherwise, and then it is read in its own partition. Past {@code
   * max_pages} the pages are not counted, so a truncated TIFF's plan has no {@code page_count}.
   */
  static Optional<JsonObjectBuilder> ofTiff(Path file, OcrOptions options)
      throws DocumentException {
    TiffPages.Extent extent = TiffPages.extent(file, options);
    if (extent.toRead() < 2) {
      return Optional.empty();
    }
    JsonObjectBuilder plan =
        Json.createObjectBuilder()
            .add("truncated", extent.truncated())
            .add("detected_type", DocumentType.TIFF.label())
            .add("read_pages", pages(extent.toRead()))
            .add("text_pages", Json.createArrayBuilder());
    extent.pageCount().ifPresent(count -> plan.add("page_count", count));
    return Optional.of(Json.createObjectBuilder().add(PagedProcessor.PLAN, plan));
  }

  /** The text-layer pages, each carrying its own text, as assembly takes a page's reading. */
  private static JsonArrayBuilder textPages(JsonObject reading) {
    JsonArrayBuilder pages = Json.createArrayBuilder();
    for (JsonObject page : reading.getJsonArray("pages").getValuesAs(JsonObject.class)) {
      pages.add(withText(reading, page));
    }
    return pages;
  }

  /** The plan of a pipeline's document that preprocessing rendered to {@code toRead} pages. */
  static JsonObjectBuilder ofPreprocessed(
      int pageCount, int toRead, boolean truncated, OcrOptions options, DocumentType type) {
    JsonObject plan =
        Json.createObjectBuilder()
            .add("page_count", pageCount)
            .add("truncated", truncated)
            .add("dpi", options.dpi())
            .add("detected_type", type.label())
            .add("input", "preprocessing")
            .add("read_pages", pages(toRead))
            .add("text_pages", Json.createArrayBuilder())
            .build();
    return Json.createObjectBuilder().add(PagedProcessor.PLAN, plan);
  }

  /** Pages 1 to {@code count}. */
  private static JsonArrayBuilder pages(int count) {
    JsonArrayBuilder pages = Json.createArrayBuilder();
    for (int page = 1; page <= count; page++) {
      pages.add(page);
    }
    return pages;
  }

  /**
   * Reads page {@code page} (from 1): in a pipeline the image preprocessing wrote for it, otherwise
   * the TIFF's page, decoded here, or the PDF's page, rendered here at the job's dpi.
   */
  static JsonObject readPage(
      Path file,
      DocumentType type,
      DocumentArtifacts artifacts,
      Optional<JsonObject> preprocessed,
      int page,
      OcrOptions options,
      PageReader reader)
      throws DocumentException {
    if (preprocessed.isPresent()) {
      List<String> outputs = PreprocessedOutputs.names(preprocessed.get());
      if (page < 1 || page > outputs.size()) {
        throw new DocumentException(
            "unreadable", "Preprocessing wrote no page " + page + " for this document.");
      }
      try (DecodedImage image =
          PreprocessedOutputs.image(artifacts, outputs.get(page - 1), options.pixelLimit())) {
        reader.recognize(page, image.image(), OcrProcessor.dpi(image.header().dpiX(), options));
      }
      return withText(reader.result().build());
    }
    if (type == DocumentType.TIFF) {
      TiffPages.readPage(file, page, options, reader);
      return withText(reader.result().build());
    }
    try (PDDocument document = PdfLoader.open(file)) {
      if (page < 1 || page > document.getNumberOfPages()) {
        throw new DocumentException(
            "corrupt_pdf", "The PDF has no page " + page + "; it changed since it was planned.");
      }
      // Rendered where it is read, holding its share of the node's decoding budget while it is.
      try (PdfRasterizer.Page rendered =
          new PdfRasterizer(document, options.dpi(), options.pixelLimit()).render(page - 1)) {
        reader.recognize(page, rendered.image(), options.dpi());
      }
    } catch (IOException e) {
      throw new DocumentException(
          "corrupt_pdf", "Page " + page + " of the PDF could not be read: " + e.getMessage(), e);
    }
    return withText(reader.result().build());
  }

  /**
   * The one page of a one-page reading, carrying its own text: the reader keeps a page's text in
   * the document's {@code text}; assembly puts the pages' texts together and points each page into
   * it.
   */
  private static JsonObject withText(JsonObject reading) {
    return withText(reading, reading.getJsonArray("pages").getJsonObject(0));
  }

  private static JsonObject withText(JsonObject reading, JsonObject page) {
    String text =
        reading.getString("text").substring(page.getInt("text_begin"), page.getInt("text_end"));
    return Json.createObjectBuilder(page)
        .remove("text_begin")
        .remove("text_end")
        .add("text", text)
        .build();
  }
}
