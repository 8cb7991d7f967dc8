package org.docbatch.worker.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.artifact.FileArtifactStorage;
import org.docbatch.testdocs.EnglishTexts;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NLP worker on real CoreNLP, without NER (its models take 10 s to load; NlpIT runs NER in the
 * server): the fast annotators, the readers and the refusals.
 */
class NlpProcessorTest {

  private static final String FAST = "{\"annotators\": \"lemma\"";

  @TempDir Path folder;

  private final NlpProcessor processor = new NlpProcessor();

  @Test
  void countsSentencesTokensAndLemmasOfATextFile() throws Exception {
    Path file = EnglishTexts.text(folder, "news.txt", EnglishTexts.NEWS);

    JsonObject result = process(file, FAST + "}");

    assertEquals("en", result.getString("language"));
    assertEquals("text", result.getString("detected_type"));
    assertEquals("UTF-8", result.getString("encoding"));
    assertEquals(3, result.getInt("sentences"), result.toString());
    assertTrue(result.getInt("tokens") > 30, result.toString());
    assertTrue(result.getJsonObject("lemmas").toString().contains("\"visit\""), result.toString());
    assertFalse(result.containsKey("entities"), "no ner asked for");
    assertTrue(result.containsKey("annotate_ms"));
  }

  @Test
  void readsThePdfTextLayer() throws Exception {
    JsonObject result = process(EnglishTexts.textLayerPdf(folder), FAST + "}");

    assertEquals("pdf", result.getString("detected_type"));
    assertEquals(1, result.getInt("pages"));
    assertEquals(2, result.getInt("sentences"), result.toString());
  }

  @Test
  void sendsAScannedPdfToOcrFirst() {
    DocumentException e = fails(EnglishTexts.scannedPdf(folder), FAST + "}");

    assertEquals("no_text_layer", e.code());
    assertTrue(e.getMessage().contains("OCR"), e.getMessage());
  }

  @Test
  void refusesTextOverMaxCharsBeforeAnnotating() throws Exception {
    Path file = EnglishTexts.text(folder, "long.txt", "word ".repeat(200));

    DocumentException e = fails(file, FAST + ", \"max_chars\": 500}");

    assertEquals("text_too_long", e.code());
    assertTrue(e.getMessage().contains("max_chars"), e.getMessage());
  }

  @Test
  void refusesAHugeFileWithoutReadingIt() throws Exception {
    Path file = folder.resolve("huge.txt");
    try (var out = Files.newOutputStream(file)) {
      byte[] line = "All work and no play makes Jack a dull boy.\n".getBytes();
      for (int i = 0; i < 100_000; i++) {
        out.write(line);
      }
    }

    assertEquals("text_too_long", fails(file, FAST + "}").code());
  }

  @Test
  void refusesImagesAndBinariesWithAMessageSayingWhy() {
    DocumentException image = fails(TestDocuments.cleanPng(folder), FAST + "}");
    DocumentException binary = fails(TestDocuments.binaryNamedTxt(folder), FAST + "}");

    assertEquals("unsupported_type", image.code());
    assertTrue(image.getMessage().contains("OCR"), image.getMessage());
    assertEquals("not_text", binary.code());
  }

  private JsonObject process(Path file, String options) throws DocumentException {
    return processor.process(task(file, options));
  }

  private DocumentException fails(Path file, String options) {
    return assertThrows(DocumentException.class, () -> processor.process(task(file, options)));
  }

  private DocumentTask task(Path file, String options) {
    JsonObject json = Json.createReader(new StringReader(options)).readObject();
    return new DocumentTask(
        "job",
        0,
        file.getFileName().toString(),
        file,
        json,
        new DocumentArtifacts(new FileArtifactStorage(folder), "job", 0));
  }
}
