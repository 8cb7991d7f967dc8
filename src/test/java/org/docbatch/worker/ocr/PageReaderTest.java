package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.worker.ocr.engine.OcrEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Tesseract inside the test's JVM, on generated pages. */
class PageReaderTest {

  private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

  private InThreadRecognizer recognizer;

  @AfterEach
  void close() {
    recognizer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {OcrEngine.BYTEDECO, OcrEngine.TESS4J})
  void aNoisySkewedPageIsReadWellOnceCleaned(String engine) throws Exception {
    recognizer = new InThreadRecognizer(engine, TESSDATA, false);
    PageReader reader = reader("{\"preprocess\": true, \"psm\": 6}");

    reader.recognize(1, OcrDocuments.page(1, 2.5, 0.015), OcrDocuments.DPI);

    JsonObject result = reader.result().build();
    ChildProcessRecognizerTest.assertCer(1, result.getString("text"), 0.05);
  }

  @Test
  void pagesAddUpToTheDocument() throws Exception {
    recognizer = new InThreadRecognizer(OcrEngine.BYTEDECO, TESSDATA, false);
    PageReader reader = reader("{}");

    reader.recognize(1, OcrDocuments.page(0, 0, 0), OcrDocuments.DPI);
    reader.textLayer(2, "A page with its own text.");

    JsonObject result = reader.result().build();
    assertEquals(2, result.getInt("pages_read"));
    assertEquals(1, result.getInt("pages_ocr"));
    assertEquals(
        PageReader.wordCount(OcrDocuments.text(0)) + 6,
        result.getInt("word_count"),
        result.toString());
    ChildProcessRecognizerTest.assertCer(
        0, result.getString("text").replace("A page with its own text.", ""), 0.02);
  }

  private PageReader reader(String options) throws Exception {
    JsonObject json = Json.createReader(new java.io.StringReader(options)).readObject();
    return new PageReader(recognizer, OcrOptions.from(json, List.of("eng")), 30_000, "");
  }
}
