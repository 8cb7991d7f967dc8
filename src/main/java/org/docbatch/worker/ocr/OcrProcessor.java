package org.docbatch.worker.ocr;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.document.PdfRasterizer;
import org.docbatch.worker.document.ReadableFile;
import org.docbatch.worker.document.UnreadableContent;
import org.docbatch.worker.ocr.output.PageParts;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.docbatch.worker.spi.PagedProcessor;

/**
 * The OCR worker: reads the text of scanned images (PNG, JPEG, multi-page TIFF, GIF, BMP, WebP) and
 * PDFs with Tesseract. A PDF page with a good text layer ({@link TextLayer}) is taken as it is;
 * other pages are rendered at the job's dpi and read. Every size is checked before pixels are
 * allocated, and Tesseract itself runs as {@code OCR_ISOLATION} says ({@link OcrEngines}).
 *
 * <p>Result: {@code text}, {@code pages} (each with {@code text}, {@code source}, {@code
 * confidence}, {@code word_count}, and {@code words} with boxes when asked), {@code page_count},
 * {@code mean_confidence}, {@code word_count}, {@code language}, {@code truncated}, timings.
 */
public class OcrProcessor implements PagedProcessor {

  private final OcrEngines engines;
  private final WorkerErrors workerErrors = new WorkerErrors();

  public OcrProcessor(OcrEngines engines) {
    this.engines = engines;
  }

  @Override
  public Set<String> optionNames() {
    return Set.of(
        "language",
        "psm",
        "dpi",
        "preprocess",
        "word_boxes",
        "text_layer",
        "max_pages",
        "max_megapixels",
        "auto_rotate",
        "min_page_confidence",
        "outputs",
        "inject_fault",
        "fault_matching",
        "fault_times");
  }

  /**
   * The options as read (so {@code "en"} and {@code "eng"} are one), the engine, and the digests of
   * the traineddata files the reading uses: a new model reads differently. A job with an injected
   * fault (tests) is never cached: its faults pick documents by name, not by content.
   */
  @Override
  public String resultFingerprint(JsonObject options) throws DocumentException {
    if (options.containsKey("inject_fault")) {
      return null;
    }
    OcrOptions read = OcrOptions.from(options, engines.languages());
    List<String> models = new ArrayList<>(List.of(read.language().split("\\+")));
    if (read.autoRotate()) {
      models.add("osd");
    }
    StringBuilder fingerprint =
        new StringBuilder(read.toString()).append(' ').append(engines.engine());
    for (String model : models) {
      fingerprint.append(' ').append(model).append('=').append(engines.modelDigest(model));
    }
    return fingerprint.toString();
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    OcrOptions.from(options, engines.languages());
    fault(options, "");
    WorkerErrors.times(options);
  }

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    return process(task, false);
  }

  /**
   * A PDF with more than one page to read by OCR is planned, not read (see {@link PagedProcessor}).
   */
  @Override
  public JsonObject processOrPlan(DocumentTask task) throws DocumentException {
    return process(task, true);
  }

  private JsonObject process(DocumentTask task, boolean mayPlan) throws DocumentException {
    long started = System.nanoTime();
    OcrOptions options = OcrOptions.from(task.options(), engines.languages());
    Path file = task.file();
    ReadableFile.check(file);
    DocumentType type = FileTypeSniffer.sniff(file);
    String fault = fault(task.options(), task.reference());
    workerErrors.injectIf(
        fault, task.jobId() + "/" + task.reference(), WorkerErrors.times(task.options()));
    PageParts parts = OcrOutputs.partsInMemory(options, task);
    PageReader reader =
        new PageReader(engines.recognizer(), options, engines.pageTimeoutMillis(), fault)
            .keepingParts(parts);
    JsonObjectBuilder result;
    Optional<JsonObject> preprocessed = task.earlierStage("preprocessing");
    if (preprocessed.isPresent()) {
      result =
          readPreprocessed(task.artifacts(), preprocessed.get(), options, reader, mayPlan, type);
    } else if (type == DocumentType.TIFF) {
      Optional<JsonObjectBuilder> plan =
          mayPlan ? PagePlans.ofTiff(file, options) : Optional.empty();
      result = plan.isPresent() ? plan.get() : TiffPages.read(file, options, reader);
    } else if (type.isImage()) {
      try (DecodedImage decoded = ImageDecoder.decode(file, options.pixelLimit())) {
        reader.recognize(1, decoded.image(), dpi(decoded.header().dpiX(), options));
      }
      result = reader.result().add("page_count", 1).add("truncated", false);
    } else if (type == DocumentType.PDF) {
      result = readPdf(file, options, reader, mayPlan);
    } else if (type == DocumentType.TEXT) {
      throw new DocumentException(
          "unsupported_type",
          "This is a text file, which has no image to read; OCR reads images and PDFs. Submit it"
              + " to an nlp job instead.");
    } else {
      throw UnreadableContent.error(FileExtension.of(file));
    }
    JsonObject read = result.add("detected_type", type.label()).build();
    if (!read.containsKey(PLAN)) {
      read = OcrOutputs.add(options, task, read, parts);
    } else if (parts != null) {
      persist(parts); // the text-layer pages read while planning, for the assembling node
    }
    return Json.createObjectBuilder(read)
        .add("total_ms", (System.nanoTime() - started) / 1_000_000)
        .build();
  }

  /**
   * In a pipeline job, OCR reads what preprocessing wrote: the cleaned image, or the rendered PDF
   * pages, in order. A text document has no image: its normalised text passes through.
   */
  private static JsonObjectBuilder readPreprocessed(
      DocumentArtifacts artifacts,
      JsonObject preprocessed,
      OcrOptions options,
      PageReader reader,
      boolean mayPlan,
      DocumentType type)
      throws DocumentException {
    List<String> outputs = PreprocessedOutputs.names(preprocessed);
    if ("text".equals(preprocessed.getString("detected_type", ""))) {
      String text = PreprocessedOutputs.text(artifacts, outputs.get(0));
      reader.textLayer(1, text);
      return reader.result().add("page_count", 1).add("truncated", false).add("input", "text");
    }
    int toRead = Math.min(outputs.size(), options.maxPages());
    boolean truncated = toRead < outputs.size() || preprocessed.getBoolean("truncated", false);
    if (mayPlan && toRead > 1) {
      return PagePlans.ofPreprocessed(
          preprocessed.getInt("page_count", outputs.size()), toRead, truncated, options, type);
    }
    for (int page = 0; page < toRead; page++) {
      try (DecodedImage image =
          PreprocessedOutputs.image(artifacts, outputs.get(page), options.pixelLimit())) {
        reader.recognize(page + 1, image.image(), dpi(image.header().dpiX(), options));
      }
    }
    return reader
        .result()
        .add("page_count", preprocessed.getInt("page_count", outputs.size()))
        .add("truncated", truncated)
        .add("input", "preprocessing");
  }

  private static JsonObjectBuilder readPdf(
      Path file, OcrOptions options, PageReader reader, boolean mayPlan) throws DocumentException {
    try (PDDocument document = PdfLoader.open(file)) {
      int pageCount = checkedPageCount(document);
      int toRead = Math.min(pageCount, options.maxPages());
      if (mayPlan) {
        Optional<JsonObjectBuilder> plan =
            PagePlans.ofPdf(document, pageCount, toRead, options, reader);
        if (plan.isPresent()) {
          return plan.get();
        }
      }
      PdfRasterizer renderer = new PdfRasterizer(document, options.dpi(), options.pixelLimit());
      for (int index = 0; index < toRead; index++) {
        Optional<String> text =
            options.textLayer() ? TextLayer.of(document, index) : Optional.empty();
        if (text.isPresent()) {
          reader.textLayer(index + 1, text.get());
        } else {
          try (PdfRasterizer.Page page = renderer.render(index)) {
            reader.recognize(index + 1, page.image(), options.dpi());
          }
        }
      }
      return reader
          .result()
          .add("page_count", pageCount)
          .add("truncated", toRead < pageCount)
          .add("dpi", options.dpi());
    } catch (IOException e) {
      throw new DocumentException("corrupt_pdf", "The PDF could not be read: " + e.getMessage(), e);
    }
  }

  /** Reads one page of a planned document: rendered here, by the worker that reads it. */
  @Override
  public JsonObject readPage(DocumentTask task, int page) throws DocumentException {
    OcrOptions options = OcrOptions.from(task.options(), engines.languages());
    Path file = task.file();
    ReadableFile.check(file);
    String pageReference = task.reference() + "#page=" + page;
    String fault = fault(task.options(), pageReference);
    workerErrors.injectIf(
        fault, task.jobId() + "/" + pageReference, WorkerErrors.times(task.options()));
    PageReader reader =
        new PageReader(engines.recognizer(), options, engines.pageTimeoutMillis(), fault)
            .keepingParts(OcrOutputs.partsAsArtifacts(options, task));
    return PagePlans.readPage(
        file,
        FileTypeSniffer.sniff(file),
        task.artifacts(),
        task.earlierStage("preprocessing"),
        page,
        options,
        reader);
  }

  @Override
  public JsonObject assemble(DocumentTask task, JsonObject plan, List<JsonObject> pages)
      throws DocumentException {
    OcrOptions options = OcrOptions.from(task.options(), engines.languages());
    return OcrOutputs.add(
        options,
        task,
        PageAssembly.assemble(options, plan, pages),
        OcrOutputs.partsAsArtifacts(options, task));
  }

  private static void persist(PageParts parts) throws DocumentException {
    try {
      parts.persist();
    } catch (IOException e) {
      throw OcrOutputs.failed("its pages' text could not be kept", e);
    }
  }

  /**
   * The number of pages, once the page tree is shown to hold as many as it declares: a crafted PDF
   * can declare millions of pages over a tree of one. Walking the tree reads only dictionaries, not
   * page content.
   */
  private static int checkedPageCount(PDDocument document) throws DocumentException {
    int declared = document.getNumberOfPages();
    int held = 0;
    try {
      for (var ignored : document.getPages()) {
        if (++held > declared) {
          break;
        }
      }
    } catch (RuntimeException e) {
      held = -1;
    }
    if (held != declared) {
      throw new DocumentException(
          "corrupt_pdf",
          "The PDF declares "
              + declared
              + " pages but its page tree "
              + (held < 0 ? "is broken" : "holds " + held)
              + "; it is damaged or crafted. Re-export it from the original and resubmit.");
    }
    return declared;
  }

  /** The image's own resolution when it records a plausible one, else the job's dpi. */
  static int dpi(OptionalDouble recorded, OcrOptions options) {
    if (recorded.isPresent() && recorded.getAsDouble() >= 70 && recorded.getAsDouble() <= 1200) {
      return (int) Math.round(recorded.getAsDouble());
    }
    return options.dpi();
  }

  /**
   * The fault to inject on this document: tests only, with {@code inject_fault} and the document
   * references it applies to ({@code fault_matching}).
   */
  private String fault(JsonObject options, String reference) throws DocumentException {
    JsonValue fault = options == null ? null : options.get("inject_fault");
    if (fault == null) {
      return "";
    }
    if (!engines.faultsEnabled()) {
      throw new DocumentException(
          "bad_option",
          "The job option inject_fault is for tests; this node has OCR_FAULT_INJECTION off.");
    }
    JsonValue matching = options.get("fault_matching");
    boolean applies = !(matching instanceof JsonString m) || reference.contains(m.getString());
    return applies && fault instanceof JsonString f ? f.getString() : "";
  }
}
