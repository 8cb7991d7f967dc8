package org.docbatch.worker.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.artifact.FileArtifactStorage;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.document.ImageProbe;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingProcessorTest {

  @TempDir Path folder;

  private final PreprocessingProcessor processor = new PreprocessingProcessor();

  @Test
  void normalisesUtf8TextIntoATxtFile() throws Exception {
    // given text with ragged whitespace, CRLF, a run of blank lines and a decomposed é
    Path text = TestDocuments.utf8Text(folder);

    // when
    JsonObject result = preprocess(text);

    // then
    // (an artifact named after the document, listed with its size and checksum, no server path)
    assertEquals("page-utf8.txt", result.getString("output"));
    assertEquals(
        "/api/jobs/job-1/documents/0/artifacts/page-utf8.txt",
        result.getJsonArray("artifacts").getString(0));
    Path output = artifact(result.getString("output"));
    var listed = artifacts().list();
    assertEquals(1, listed.size());
    assertEquals(Files.size(output), listed.get(0).sizeBytes());
    assertEquals("text/plain; charset=utf-8", listed.get(0).mediaType());
    assertEquals(
        "Résumé of\tthe meeting\nAttendees: Zoë, José\n\nDecomposed: Caf\u00e9\nTotal: 42 items\n",
        Files.readString(output, StandardCharsets.UTF_8));
    assertEquals("text", result.getString("detected_type"));
    assertEquals("UTF-8", result.getString("encoding"));
    assertEquals(5, result.getInt("lines"));
    assertEquals(8, result.getInt("lines_before"));
    assertTrue(result.getInt("chars_after") < result.getInt("chars_before"), result.toString());
  }

  @Test
  void transcodesWindows1252ToUtf8() throws Exception {
    JsonObject result = preprocess(TestDocuments.windows1252Text(folder));

    assertEquals("windows-1252", result.getString("encoding"));
    assertEquals(
        TestDocuments.WINDOWS_1252_CONTENT,
        Files.readString(artifact(result.getString("output")), StandardCharsets.UTF_8));
  }

  @Test
  void deskewsAndBinarisesASkewedScan() throws Exception {
    // given text rotated by 4 degrees
    Path skewed = TestDocuments.skewedPng(folder);

    // when
    JsonObject result = preprocess(skewed);

    // then the skew was measured and undone
    assertEquals(
        TestDocuments.SKEW_DEGREES, result.getJsonNumber("skew_angle_degrees").doubleValue(), 1.0);
    assertTrue(result.getBoolean("rotated"));
    Path output = artifact(result.getString("output"));
    BufferedImage written = ImageIO.read(output.toFile());
    assertEquals(0.0, SkewEstimator.estimateDegrees(written), 0.5);
    // and the output is pure black and white, with the source's resolution kept
    assertEquals(Set.of(0, 255), OtsuBinarizerTest.levels(written));
    assertEquals(300.0, ImageProbe.probe(output).dpiX().orElseThrow(), 0.01);
    int threshold = result.getInt("otsu_threshold");
    assertTrue(threshold > 0 && threshold < 255, "threshold " + threshold);
    assertEquals(
        Json.createArrayBuilder()
            .add("grayscale")
            .add("deskew")
            .add("binarize")
            .add("despeckle")
            .build(),
        result.getJsonArray("steps"));
  }

  @Test
  void leavesAStraightScanUnrotated() throws Exception {
    JsonObject result = preprocess(TestDocuments.cleanPng(folder));

    assertEquals(0.0, result.getJsonNumber("skew_angle_degrees").doubleValue(), 0.3);
    assertFalse(result.getBoolean("rotated"));
    assertEquals(TestDocuments.IMAGE_WIDTH, result.getInt("width"));
    assertEquals(TestDocuments.IMAGE_HEIGHT, result.getInt("height"));
  }

  @Test
  void skipsTheStepsTheJobTurnsOff() throws Exception {
    JsonObject off =
        Json.createObjectBuilder()
            .add("grayscale", false)
            .add("binarize", false)
            .add("deskew", false)
            .build();

    JsonObject result = processor.process(task(TestDocuments.jpeg(folder), off));

    assertEquals(0, result.getJsonArray("steps").size());
    assertFalse(result.containsKey("otsu_threshold"));
    BufferedImage written = ImageIO.read(artifact(result.getString("output")).toFile());
    assertEquals(3, written.getColorModel().getNumComponents());
  }

  @Test
  void rendersEveryPageOfAPdfAsGrayscale() throws Exception {
    JsonObject result = preprocess(TestDocuments.textPdf(folder));

    assertEquals("pdf", result.getString("detected_type"));
    assertEquals(2, result.getInt("page_count"));
    assertEquals(2, result.getInt("pages_rendered"));
    assertFalse(result.getBoolean("truncated"));
    assertEquals(2, result.getJsonArray("outputs").size());
    BufferedImage page =
        ImageIO.read(artifact(result.getJsonArray("outputs").getString(1)).toFile());
    // A4 is 8.27 x 11.69 inches.
    assertEquals(2480, page.getWidth(), 2);
    assertEquals(3508, page.getHeight(), 2);
    assertEquals(1, page.getColorModel().getNumComponents());
  }

  @Test
  void rendersOnlyUpToMaxPagesAtTheRequestedDpi() throws Exception {
    JsonObject options = Json.createObjectBuilder().add("max_pages", 1).add("dpi", 72).build();

    JsonObject result = processor.process(task(TestDocuments.textPdf(folder), options));

    assertEquals(1, result.getInt("pages_rendered"));
    assertTrue(result.getBoolean("truncated"));
    assertEquals(595, result.getJsonArray("pages").getJsonObject(0).getInt("width"), 1);
  }

  @Test
  void refusesADpiOutsideTheAllowedRange() {
    JsonObject options = Json.createObjectBuilder().add("dpi", 1200).build();

    DocumentException e =
        assertThrows(
            DocumentException.class,
            () -> processor.process(task(TestDocuments.textPdf(folder), options)));

    assertEquals("bad_option", e.code());
    assertTrue(e.getMessage().contains("72 and 600"), e.getMessage());
  }

  @Test
  void refusesPdfPagesThatWouldRenderOverThePixelLimit() {
    JsonObject options = Json.createObjectBuilder().add("max_megapixels", 1).build();

    DocumentException e =
        assertThrows(
            DocumentException.class,
            () -> processor.process(task(TestDocuments.textPdf(folder), options)));

    assertEquals("image_too_large", e.code());
    assertTrue(e.getMessage().contains("page 1"), e.getMessage());
  }

  @Test
  void refusesEveryHostileDocumentWithItsOwnCode() {
    assertCode("empty_file", TestDocuments.emptyFile(folder));
    assertCode("not_text", TestDocuments.binaryNamedTxt(folder));
    assertCode("corrupt_pdf", TestDocuments.garbagePdf(folder));
    assertCode("encrypted_pdf", TestDocuments.encryptedPdf(folder));
    assertCode("corrupt_image", TestDocuments.truncatedPng(folder));
  }

  @Test
  void refusesADecompressionBombFast() {
    Path bomb = TestDocuments.hugeDimensionsPng(folder);

    long started = System.nanoTime();
    assertCode("image_too_large", bomb);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(millis < 500, "refusing took " + millis + " ms");
  }

  private void assertCode(String code, Path file) {
    DocumentException e = assertThrows(DocumentException.class, () -> preprocess(file));
    assertEquals(code, e.code(), e.getMessage());
  }

  private JsonObject preprocess(Path file) throws DocumentException {
    return processor.process(task(file, JsonValue.EMPTY_JSON_OBJECT));
  }

  private DocumentTask task(Path file, JsonObject options) {
    return new DocumentTask("job-1", 0, file.getFileName().toString(), file, options, artifacts());
  }

  private DocumentArtifacts artifacts() {
    return new DocumentArtifacts(new FileArtifactStorage(folder.resolve("out")), "job-1", 0);
  }

  /** A copy of artifact {@code name}, read through the storage as a download would. */
  private Path artifact(String name) throws Exception {
    Path copy = folder.resolve("read-" + name);
    try (var in = artifacts().open(name)) {
      Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
