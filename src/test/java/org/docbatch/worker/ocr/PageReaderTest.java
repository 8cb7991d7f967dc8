package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * Issue 22, item 3: OCR kept each page's text twice (in its page and in the document's text), and
   * nothing bounded either: 10,000 pages or a 100 MB text went to Redis whole. The text is now kept
   * once, pages point into it, and it is cut at the limit with a flag and the full length.
   */
  @Test
  void pageTextIsKeptOnceAndTheTextIsCutAtTheLimitWithAFlag() throws Exception {
    recognizer = new InThreadRecognizer(OcrEngine.BYTEDECO, TESSDATA, false);
    JsonObject json = Json.createReader(new java.io.StringReader("{}")).readObject();
    PageReader reader =
        new PageReader(recognizer, OcrOptions.from(json, List.of("eng")), 30_000, "", 30);

    reader.textLayer(1, "First page, twenty chars");
    reader.textLayer(2, "Second page");
    reader.textLayer(3, "Third page, past the limit");

    JsonObject result = reader.result().build();
    String text = result.getString("text");
    assertEquals("First page, twenty chars\n\nSeco", text);
    assertEquals(24 + 2 + 11 + 2 + 26, result.getJsonNumber("text_chars").intValue());
    assertTrue(result.getBoolean("text_truncated"));
    var pages = result.getJsonArray("pages");
    for (int i = 0; i < 3; i++) {
      assertFalse(pages.getJsonObject(i).containsKey("text"), "no second copy: " + pages);
    }
    assertEquals("First page, twenty chars", slice(text, pages.getJsonObject(0)));
    assertEquals("Seco", slice(text, pages.getJsonObject(1)));
    assertEquals("", slice(text, pages.getJsonObject(2)));
    assertEquals(3, result.getInt("pages_read"));
  }

  @Test
  void aTextWithinTheLimitIsWholeAndNotFlagged() throws Exception {
    recognizer = new InThreadRecognizer(OcrEngine.BYTEDECO, TESSDATA, false);
    PageReader reader = reader("{}");

    reader.textLayer(1, "One.");
    reader.textLayer(2, "Two.");

    JsonObject result = reader.result().build();
    assertEquals("One.\n\nTwo.", result.getString("text"));
    assertFalse(result.getBoolean("text_truncated"));
    assertEquals(
        "Two.", slice(result.getString("text"), result.getJsonArray("pages").getJsonObject(1)));
  }

  private static String slice(String text, JsonObject page) {
    return text.substring(page.getInt("text_begin"), page.getInt("text_end"));
  }

  private PageReader reader(String options) throws Exception {
    JsonObject json = Json.createReader(new java.io.StringReader(options)).readObject();
    return new PageReader(recognizer, OcrOptions.from(json, List.of("eng")), 30_000, "");
  }
}
