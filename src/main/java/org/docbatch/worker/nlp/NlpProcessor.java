package org.docbatch.worker.nlp;

import edu.stanford.nlp.pipeline.CoreDocument;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.RuntimeInterruptedException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ReadableFile;
import org.docbatch.worker.document.UnreadableContent;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
import org.docbatch.worker.spi.DocumentTask;

/**
 * The NLP worker: Stanford CoreNLP over a text file or the text layer of a PDF, in English.
 *
 * <p>In a pipeline job it reads the text the OCR stage produced ({@code detected_type: ocr}).
 *
 * <p>Every result has {@code language} ({@code en}), {@code detected_type}, {@code chars}, {@code
 * annotators} (the set that ran, with what each needs), {@code sentences} and {@code tokens}
 * (counts), {@code annotate_ms}, and {@code load_ms} when this document waited for its pipeline to
 * be built; then {@code lemmas} ({@code content_words}, {@code distinct}, {@code top}: the most
 * frequent content lemmas with counts) with {@code lemma}; {@code entities} ({@code text}, {@code
 * type}, {@code begin}, {@code end}: UTF-16 offsets into the text), {@code entity_count} and {@code
 * entity_types} with {@code ner}; {@code sentences_detail} (offsets, tokens and sentiment per
 * sentence) and {@code sentiment} (sentences per sentiment) with {@code sentiment}; {@code
 * encoding} for text, {@code pages} for PDFs.
 *
 * <p>Errors: {@code nlp_models_missing} on a node started without the models, {@code text_too_long}
 * over {@code max_chars} (before CoreNLP runs), {@code no_text_layer} for a PDF that is a scan,
 * {@code unsupported_type} for images and other formats, plus the readers' {@code not_text}, {@code
 * corrupt_pdf}, {@code encrypted_pdf}, {@code unreadable}, {@code empty_file}.
 */
public class NlpProcessor implements DocumentProcessor {

  private final NlpPipelines pipelines = new NlpPipelines();

  @Override
  public Set<String> optionNames() {
    return Set.of("annotators", "sentiment", "max_chars", "top_lemmas");
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    NlpOptions.from(options);
  }

  /** The options as read, and which CoreNLP (its jar's name carries its version) and models. */
  @Override
  public String resultFingerprint(JsonObject options) throws DocumentException {
    return NlpOptions.from(options)
        + " "
        + codeOf(StanfordCoreNLP.class)
        + " "
        + CoreNlpModels.find().map(Object::toString).map(NlpProcessor::fileName).orElse("none");
  }

  private static String codeOf(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    return source == null ? "unknown" : fileName(source.getLocation().toString());
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * Builds the default pipeline and runs it over a bundled English news text ({@code
   * nlp/warm-up.txt}, about 2 KB) {@code documents} times: the node's first NLP job then finds the
   * models loaded and CoreNLP's hot code compiled by the JIT, which a busy server compiles later
   * than a plain loop does (docs/benchmarks.md, "NLP against a plain CoreNLP loop").
   *
   * @return how many times it ran: fewer when the thread was interrupted, none when the models are
   *     missing
   * @throws DocumentException when the pipeline could not be built (as a document would hear)
   */
  public int warmUp(int documents) throws IOException, DocumentException {
    if (CoreNlpModels.find().isEmpty()) {
      return 0;
    }
    String text;
    try (var in = NlpProcessor.class.getResourceAsStream("/nlp/warm-up.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StanfordCoreNLP pipeline = load(AnnotatorSet.DEFAULT).pipeline();
    int ran = 0;
    try {
      while (ran < documents && !Thread.currentThread().isInterrupted()) {
        pipeline.annotate(new CoreDocument(text));
        ran++;
      }
    } catch (RuntimeInterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ran;
  }

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    NlpOptions options = NlpOptions.from(task.options());
    if (CoreNlpModels.find().isEmpty()) {
      throw new DocumentException("nlp_models_missing", CoreNlpModels.missingMessage());
    }
    NlpInput input = read(task, options.maxChars());
    NlpPipelines.Loaded loaded = load(options.annotators());
    CoreDocument document = new CoreDocument(input.text());
    long started = System.nanoTime();
    try {
      loaded.pipeline().annotate(document);
    } catch (RuntimeInterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocumentException(DocumentException.INTERRUPTED, "stopped while annotating", e);
    }
    long annotateMillis = (System.nanoTime() - started) / 1_000_000;
    JsonObjectBuilder result =
        NlpResult.of(document, options)
            .add("detected_type", input.detectedType())
            .add("chars", input.text().length())
            .add("annotate_ms", annotateMillis);
    if (loaded.builtNow()) {
      result.add("load_ms", loaded.loadMillis());
    }
    if (input.encoding() != null) {
      result.add("encoding", input.encoding());
    }
    if (input.pages() > 0) {
      result.add("pages", input.pages());
    }
    return result.build();
  }

  /** In a pipeline job, the text OCR read; otherwise the document's own text. */
  private static NlpInput read(DocumentTask task, int maxChars) throws DocumentException {
    var ocr = task.earlierStage("ocr");
    if (ocr.isEmpty()) {
      return read(task.file(), maxChars);
    }
    String text =
        ocr.get().containsKey("text_artifact")
            ? fullText(task, ocr.get().getString("text_artifact"), maxChars)
            : ocr.get().getString("text", "");
    if (text.length() > maxChars) {
      throw TextTooLong.error("The text OCR read", maxChars);
    }
    return new NlpInput(text, "ocr", null, ocr.get().getInt("pages_read", 0));
  }

  /**
   * The whole text OCR read, from the artifact the runner moved it to when it was longer than a
   * result may keep ({@code MAX_RESULT_KB}); at most one character past {@code maxChars}.
   */
  private static String fullText(DocumentTask task, String artifact, int maxChars)
      throws DocumentException {
    try (var in = new InputStreamReader(task.artifacts().open(artifact), StandardCharsets.UTF_8)) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; text.length() <= maxChars && (n = in.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The text OCR read could not be read back from " + artifact, e);
    }
  }

  private static NlpInput read(Path file, int maxChars) throws DocumentException {
    long size = ReadableFile.check(file);
    DocumentType type = FileTypeSniffer.sniff(file);
    if (type == DocumentType.TEXT) {
      return TextFileInput.read(file, size, maxChars);
    }
    if (type == DocumentType.PDF) {
      return PdfTextInput.read(file, maxChars);
    }
    if (type.isImage()) {
      throw new DocumentException(
          "unsupported_type",
          "NLP reads text, and this document is a "
              + type.label().toUpperCase(Locale.ROOT)
              + " image; run it through OCR first and submit the text OCR produces to NLP.");
    }
    throw UnreadableContent.error(FileExtension.of(file));
  }

  private NlpPipelines.Loaded load(AnnotatorSet annotators) throws DocumentException {
    try {
      return pipelines.get(annotators);
    } catch (RuntimeException e) {
      // CoreNLP reports a model it cannot find as a RuntimeIOException, whatever the reason: the
      // models jar is absent, incomplete (models-english alone lacks some), or unreadable.
      throw new DocumentException(
          "nlp_models_missing",
          "The CoreNLP pipeline "
              + annotators.property()
              + " could not be built ("
              + e.getMessage()
              + "); "
              + CoreNlpModels.missingMessage(),
          e);
    }
  }
}
