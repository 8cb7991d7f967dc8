package org.docbatch.worker.ocr;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.artifact.PendingArtifact;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DecodeBudget;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageReaders;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.ocr.output.AltoWriter;
import org.docbatch.worker.ocr.output.HocrWriter;
import org.docbatch.worker.ocr.output.OutputFormat;
import org.docbatch.worker.ocr.output.PageParts;
import org.docbatch.worker.ocr.output.PageSink;
import org.docbatch.worker.ocr.output.PageWords;
import org.docbatch.worker.ocr.output.ReadPage;
import org.docbatch.worker.ocr.output.SearchablePdf;
import org.docbatch.worker.ocr.output.TextWriter;
import org.docbatch.worker.ocr.output.TsvWriter;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;

/**
 * Writes a document's {@code outputs} once all its pages are read, wherever they were read: from
 * each page's text and words that its reading kept ({@link PageParts}), in page order, every format
 * at once, one page in memory at a time. Each is an artifact of the document, committed only when
 * whole. The result names them by format: {@code "outputs": {"pdf": "scan.pdf", ...}} and {@code
 * "artifacts": {"pdf": "/api/jobs/.../artifacts/scan.pdf", ...}}.
 */
final class OcrOutputs {

  private OcrOutputs() {}

  /**
   * The parts a document read in one piece keeps in memory, or null when the job asks for no
   * outputs.
   */
  static PageParts partsInMemory(OcrOptions options, DocumentTask task) {
    return options.outputs().isEmpty() ? null : PageParts.inMemory(task.artifacts(), base(task));
  }

  /** The parts of the pages of a document read a partition each, or null (no outputs). */
  static PageParts partsAsArtifacts(OcrOptions options, DocumentTask task) {
    return options.outputs().isEmpty() ? null : PageParts.asArtifacts(task.artifacts(), base(task));
  }

  /** The document's name without its extension, which its outputs are named after. */
  private static String base(DocumentTask task) {
    return task.file() != null
        ? FileExtension.baseName(task.file())
        : task.reference().replaceFirst(".*/", "");
  }

  /**
   * Adds {@code outputs} to a document's result, unless the job asks for none.
   *
   * @param result the document's result, with its {@code pages}
   * @param parts what its pages' readings kept, null when the job asks for no outputs
   */
  static JsonObject add(OcrOptions options, DocumentTask task, JsonObject result, PageParts parts)
      throws DocumentException {
    if (parts == null) {
      return result;
    }
    try {
      JsonObject written = write(options, task, result, parts).build();
      return Json.createObjectBuilder(result)
          .add("outputs", written.getJsonObject("outputs"))
          .add("artifacts", written.getJsonObject("artifacts"))
          .build();
    } catch (IOException | RuntimeException e) {
      throw failed("its outputs could not be written", e);
    }
  }

  static DocumentException failed(String what, Exception e) {
    return new DocumentException(
            "output_failed",
            "The document was read, but "
                + what
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); run the job again.",
            e)
        .retryable();
  }

  private static JsonObjectBuilder write(
      OcrOptions options, DocumentTask task, JsonObject result, PageParts parts)
      throws IOException, DocumentException {
    Path file = task.file();
    String name = file.getFileName().toString();
    DocumentType type = FileTypeSniffer.sniff(file);
    List<PendingArtifact> pending = new ArrayList<>();
    List<PageSink> sinks = new ArrayList<>();
    PDDocument pdf = type == DocumentType.PDF ? PdfLoader.open(file) : null;
    boolean pdfOwned = false;
    JsonObjectBuilder names = Json.createObjectBuilder();
    JsonObjectBuilder paths = Json.createObjectBuilder();
    try {
      for (OutputFormat format : options.outputs()) {
        if (format == OutputFormat.PDF && pdf == null && !type.isImage()) {
          continue; // a text document has no page to lay text over
        }
        String artifact = DocumentArtifacts.safeName(base(task), format.suffix());
        names.add(format.option(), artifact);
        paths.add(format.option(), task.artifacts().apiPath(artifact));
        if (format == OutputFormat.TEXT && type == DocumentType.TEXT) {
          continue; // a pipeline's text document: preprocessing wrote its text under this name
        }
        PendingArtifact writing = task.artifacts().create(artifact, format.mediaType());
        pending.add(writing);
        // The sinks close their writers; the artifact's own stream stays open for its commit.
        OutputStream out = new KeptOpen(writing.stream());
        sinks.add(
            switch (format) {
              case TEXT -> new TextWriter(out);
              case TSV -> new TsvWriter(out);
              case HOCR -> new HocrWriter(out, name, options.language());
              case ALTO -> new AltoWriter(out, name);
              case PDF -> {
                if (pdf != null) {
                  SearchablePdf over = SearchablePdf.over(pdf, out);
                  pdfOwned = true;
                  yield over;
                }
                yield SearchablePdf.ofImages(
                    (target, page) -> image(target, file, type, page, options), out);
              }
            });
      }
      JsonArray pages = result.getJsonArray("pages");
      for (JsonObject page : pages.getValuesAs(JsonObject.class)) {
        ReadPage read = readPage(page, parts, pdf, options);
        for (PageSink sink : sinks) {
          sink.page(read);
        }
      }
      for (PageSink sink : sinks) {
        sink.finish();
      }
      for (PageSink sink : sinks) {
        sink.close();
      }
      sinks.clear();
      for (PendingArtifact writing : pending) {
        writing.commit();
      }
    } finally {
      for (PageSink sink : sinks) {
        closeQuietly(sink);
      }
      for (PendingArtifact writing : pending) {
        writing.close(); // discards what was not committed
      }
      if (pdf != null && !pdfOwned) {
        pdf.close();
      }
    }
    return Json.createObjectBuilder().add("outputs", names).add("artifacts", paths);
  }

  /** A stream whose close only flushes: the artifact it writes is committed after. */
  private static final class KeptOpen extends FilterOutputStream {

    KeptOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static ReadPage readPage(
      JsonObject page, PageParts parts, PDDocument pdf, OcrOptions options)
      throws IOException, DocumentException {
    int number = page.getInt("page");
    String text = parts.text(number);
    if (!"ocr".equals(page.getString("source", ""))) {
      int dpi = options.dpi();
      PageWords size = PageWords.empty(0, 0);
      if (pdf != null && number <= pdf.getNumberOfPages()) {
        var displayed = pdf.getPage(number - 1);
        PDRectangle box = displayed.getCropBox();
        boolean sideways = displayed.getRotation() % 180 != 0;
        int w = Math.round((sideways ? box.getHeight() : box.getWidth()) * dpi / 72f);
        int h = Math.round((sideways ? box.getWidth() : box.getHeight()) * dpi / 72f);
        size = PageWords.empty(w, h);
      }
      return new ReadPage(number, true, text, "", size, 0, dpi);
    }
    // Words are read only when an output needs them: text alone is written from the text.
    boolean wordsWanted = options.outputs().stream().anyMatch(OutputFormat::needsWords);
    String tsv =
        parts
            .tsv(number)
            .or(() -> wordsWanted ? Optional.empty() : Optional.of(""))
            .orElseThrow(
                () ->
                    new DocumentException(
                        "output_failed",
                        "The words of page "
                            + number
                            + " were not kept where its outputs are made; run the job again."));
    PageWords words = tsv.isEmpty() ? PageWords.empty(0, 0) : PageWords.fromTsv(tsv);
    int turned = page.getBoolean("rotated", false) ? page.getInt("orientation", 0) : 0;
    if (words.width() == 0) {
      boolean sideways = turned % 180 != 0;
      int w = page.getInt("width", 0);
      int h = page.getInt("height", 0);
      words = new PageWords(sideways ? h : w, sideways ? w : h, words.blocks());
    }
    return new ReadPage(number, false, text, tsv, words, turned, page.getInt("dpi", options.dpi()));
  }

  /** A page of an image document as it came: a JPEG's own bytes, other images losslessly. */
  private static PDImageXObject image(
      PDDocument target, Path file, DocumentType type, int page, OcrOptions options)
      throws IOException {
    try {
      if (type == DocumentType.JPEG) {
        try (InputStream in = Files.newInputStream(file)) {
          return JPEGFactory.createFromStream(target, in);
        }
      }
      if (type == DocumentType.TIFF) {
        return tiffPage(target, file, page - 1, options);
      }
      try (DecodedImage decoded = ImageDecoder.decode(file, options.pixelLimit())) {
        return LosslessFactory.createFromImage(target, decoded.image());
      }
    } catch (DocumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static PDImageXObject tiffPage(
      PDDocument target, Path file, int index, OcrOptions options)
      throws IOException, DocumentException {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader tiff = ImageReaders.readerFor(in);
      try {
        tiff.setInput(in, false, true);
        int width = tiff.getWidth(index);
        int height = tiff.getHeight(index);
        try (DecodeBudget.Reservation held =
            DecodeBudget.node()
                .reserve(
                    ImageDecoder.bytesToDecode(tiff, index, width, height),
                    "TIFF page " + (index + 1),
                    "downscale it or convert it to 8-bit grey and resubmit")) {
          BufferedImage image = tiff.read(index);
          return LosslessFactory.createFromImage(target, image);
        }
      } finally {
        tiff.dispose();
      }
    }
  }

  private static void closeQuietly(PageSink sink) {
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      // the output failed already; its temporary file is removed
    }
  }
}
