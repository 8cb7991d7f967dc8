package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.testdocs.OcrDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages that come in turned, skewed or noisy, read by real Tesseract (in an OCR child process, as
 * the server reads them) with the default options: each within 2% character error rate; and a page
 * with ink but no text is a warning, not a success.
 */
class PagesThatComeInWrongTest {

  private static ChildProcessRecognizer recognizer;

  @TempDir static Path work;

  @BeforeAll
  static void open() {
    recognizer = ChildRecognizers.bytedeco(work);
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  @ParameterizedTest(name = "turned {0} degrees clockwise")
  @ValueSource(ints = {90, 180, 270})
  void aTurnedPageIsReadUpright(int degrees) throws Exception {
    BufferedImage turned = OcrDocuments.turned(OcrDocuments.page(0, 0, 0), degrees);

    JsonObject page = readOne("{}", turned);

    assertTrue(page.getBoolean("orientation_checked"), page.toString());
    assertEquals(degrees, page.getInt("orientation"), page.toString());
    assertTrue(page.getBoolean("rotated"), page.toString());
    ChildProcessRecognizerTest.assertCer(0, page.getString("text"), 0.02);
  }

  /** A page that reads well as it came costs no orientation detection. */
  @ParameterizedTest(name = "page {0}")
  @ValueSource(ints = {0, 1, 2})
  void anUprightPageIsReadAsItCameWithoutAskingOsd(int index) throws Exception {
    JsonObject page = readOne("{}", OcrDocuments.page(index, 0, 0));

    assertFalse(page.getBoolean("orientation_checked"), page.toString());
    assertFalse(page.containsKey("orientation"), page.toString());
    assertFalse(page.getBoolean("rotated"), page.toString());
    assertFalse(page.getBoolean("preprocessed"), page.toString());
    ChildProcessRecognizerTest.assertCer(index, page.getString("text"), 0.02);
  }

  @ParameterizedTest(name = "turned {0} degrees, with noise")
  @ValueSource(doubles = {2.0, 2.5, -2.0})
  void aSkewedNoisyPageIsReadCleaned(double degrees) throws Exception {
    JsonObject page = readOne("{}", OcrDocuments.page(1, degrees, 0.015));

    assertTrue(page.getBoolean("preprocessed"), page.toString());
    assertEquals(degrees, page.getJsonNumber("skew_angle_degrees").doubleValue(), 0.3);
    ChildProcessRecognizerTest.assertCer(1, page.getString("text"), 0.02);
  }

  @Test
  void aPageWithInkButNoTextIsAWarningAfterBothReadings() throws Exception {
    BufferedImage drawing = new BufferedImage(1900, 520, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = drawing.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 1900, 520);
      g.setColor(Color.BLACK);
      g.fillOval(200, 60, 400, 400);
      g.fillRect(900, 100, 700, 300);
    } finally {
      g.dispose();
    }

    JsonObject result = read("{}", drawing);
    JsonObject page = PageTexts.page(result, 0);

    assertTrue(page.getBoolean("read_twice"), page.toString());
    assertEquals("", page.getString("text").strip(), page.toString());
    assertEquals("no_text_found", page.getString("warning"), page.toString());
    JsonObject warning = result.getJsonArray("warnings").getJsonObject(0);
    assertEquals("no_text_found", warning.getString("code"));
    assertEquals(1, warning.getInt("page"));
  }

  @Test
  void aBlankPageIsNoWarning() throws Exception {
    BufferedImage blank = new BufferedImage(1900, 520, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = blank.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1900, 520);
    g.dispose();

    JsonObject result = read("{}", blank);

    assertEquals(0, result.getJsonArray("warnings").size(), result.toString());
  }

  @Test
  void withoutAutoRotateATurnedPageIsReadAsItCame() throws Exception {
    BufferedImage turned = OcrDocuments.turned(OcrDocuments.page(0, 0, 0), 180);

    JsonObject page = readOne("{\"auto_rotate\": false}", turned);

    assertFalse(page.getBoolean("orientation_checked"), page.toString());
    assertFalse(page.getBoolean("rotated"), page.toString());
    assertFalse(page.containsKey("orientation"), page.toString());
    assertTrue(
        OcrDocuments.characterErrorRate(OcrDocuments.text(0), page.getString("text")) > 0.2,
        page.toString());
  }

  /** The first page, with its {@code text} cut from the document's (pages point into it). */
  private static JsonObject readOne(String options, BufferedImage image) throws Exception {
    return PageTexts.page(read(options, image), 0);
  }

  private static JsonObject read(String options, BufferedImage image) throws Exception {
    JsonObject json = Json.createReader(new StringReader(options)).readObject();
    PageReader reader =
        new PageReader(recognizer, OcrOptions.from(json, List.of("eng")), 60_000, "");
    reader.recognize(1, image, OcrDocuments.DPI);
    return reader.result().build();
  }
}
