package org.docbatch.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.artifact.FileArtifactStorage;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationProcessorTest {

  @TempDir Path folder;

  private final ValidationProcessor processor = new ValidationProcessor();

  @Test
  void reportsAPngsHeaderFactsAndChecksum() throws Exception {
    // given
    Path png = TestDocuments.cleanPng(folder);

    // when
    JsonObject result = validate(png);

    // then
    assertEquals("png", result.getString("detected_type"));
    assertEquals("image/png", result.getString("media_type"));
    assertEquals("png", result.getString("extension"));
    assertTrue(result.getBoolean("extension_matches"));
    assertEquals(1200, result.getInt("width"));
    assertEquals(400, result.getInt("height"));
    assertEquals(300.0, result.getJsonNumber("dpi").doubleValue(), 0.01);
    assertEquals(Files.size(png), result.getJsonNumber("size_bytes").longValue());
    assertEquals(sha256(png), result.getString("sha256"));
    assertEquals(0, result.getJsonArray("warnings").size());
  }

  @Test
  void reportsAJpegsJfifResolution() throws Exception {
    JsonObject result = validate(TestDocuments.jpeg(folder));

    assertEquals("jpeg", result.getString("detected_type"));
    assertEquals(200.0, result.getJsonNumber("dpi").doubleValue(), 0.01);
  }

  @Test
  void warnsAboutAPngNamedJpgButPassesIt() throws Exception {
    JsonObject result = validate(TestDocuments.pngNamedJpg(folder));

    assertEquals("png", result.getString("detected_type"));
    assertEquals("jpg", result.getString("extension"));
    assertFalse(result.getBoolean("extension_matches"));
    assertTrue(result.getJsonArray("warnings").getString(0).contains(".jpg"), result.toString());
  }

  @Test
  void failsAPngNamedJpgWhenTheJobIsStrict() {
    Path misnamed = TestDocuments.pngNamedJpg(folder);
    JsonObject strict = Json.createObjectBuilder().add("strict_extension", true).build();

    assertCode("type_mismatch", () -> processor.process(task(misnamed, strict)));
  }

  @Test
  void reportsAPdfsPagesVersionAndTextLayer() throws Exception {
    JsonObject result = validate(TestDocuments.textPdf(folder));

    assertEquals("pdf", result.getString("detected_type"));
    assertEquals(2, result.getInt("page_count"));
    assertTrue(result.getBoolean("has_text_layer"));
    assertFalse(result.getBoolean("encrypted"));
    assertTrue(result.getString("pdf_version").startsWith("1."), result.toString());
  }

  @Test
  void refusesAPdfWithMorePagesThanAllowed() {
    Path pdf = TestDocuments.textPdf(folder);
    JsonObject onePage = Json.createObjectBuilder().add("max_pages", 1).build();

    DocumentException e = assertCode("too_many_pages", () -> processor.process(task(pdf, onePage)));
    assertTrue(e.getMessage().contains("2 pages"), e.getMessage());
  }

  @Test
  void refusesAPasswordProtectedPdfWithAnActionableMessage() {
    DocumentException e =
        assertCode("encrypted_pdf", () -> validate(TestDocuments.encryptedPdf(folder)));

    assertEquals("PDF is password-protected; remove the password and resubmit.", e.getMessage());
  }

  @Test
  void reportsUtf8TextStatistics() throws Exception {
    JsonObject result = validate(TestDocuments.utf8Text(folder));

    assertEquals("text", result.getString("detected_type"));
    assertEquals("UTF-8", result.getString("encoding"));
    assertEquals(8, result.getInt("line_count"));
    assertEquals(12, result.getInt("word_count"));
  }

  @Test
  void recognisesWindows1252TextAndWarnsThatItIsAGuess() throws Exception {
    JsonObject result = validate(TestDocuments.windows1252Text(folder));

    assertEquals("windows-1252", result.getString("encoding"));
    assertEquals(TestDocuments.WINDOWS_1252_CONTENT.length(), result.getInt("char_count"));
    assertEquals(1, result.getInt("line_count"));
    assertEquals(1, result.getJsonArray("warnings").size());
  }

  @Test
  void refusesOversizedFilesBeforeReadingThem() {
    Path png = TestDocuments.cleanPng(folder);
    JsonObject tiny = Json.createObjectBuilder().add("max_file_size_mb", 0.001).build();

    DocumentException e = assertCode("too_large", () -> processor.process(task(png, tiny)));
    assertTrue(e.getMessage().contains("max_file_size_mb"), e.getMessage());
  }

  @Test
  void refusesEveryHostileDocumentWithItsOwnCode() {
    assertCode("empty_file", () -> validate(TestDocuments.emptyFile(folder)));
    assertCode("not_text", () -> validate(TestDocuments.binaryNamedTxt(folder)));
    assertCode("corrupt_pdf", () -> validate(TestDocuments.garbagePdf(folder)));
    assertCode("unreadable", () -> validate(folder.resolve("missing.pdf")));
    DocumentException truncated =
        assertCode("corrupt_image", () -> validate(TestDocuments.truncatedPng(folder)));
    assertTrue(truncated.getMessage().contains("truncated or damaged"), truncated.getMessage());
  }

  @Test
  void refusesADecompressionBombFastWithoutDecodingIt() {
    Path bomb = TestDocuments.hugeDimensionsPng(folder);

    long started = System.nanoTime();
    DocumentException e = assertCode("image_too_large", () -> validate(bomb));
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(millis < 500, "refusing took " + millis + " ms");
    assertTrue(e.getMessage().contains("100000 x 100000"), e.getMessage());
  }

  @Test
  void refusesBinaryJunkWithAnUnknownExtension() throws Exception {
    Path junk = Files.move(TestDocuments.binaryNamedTxt(folder), folder.resolve("blob.bin"));

    assertCode("unsupported_type", () -> validate(junk));
  }

  @Test
  void rejectsAWronglyTypedOption() {
    Path png = TestDocuments.cleanPng(folder);
    JsonObject bad = Json.createObjectBuilder().add("max_megapixels", "lots").build();

    DocumentException e = assertCode("bad_option", () -> processor.process(task(png, bad)));
    assertTrue(e.getMessage().contains("max_megapixels"), e.getMessage());
  }

  private JsonObject validate(Path file) throws DocumentException {
    return processor.process(task(file, JsonValue.EMPTY_JSON_OBJECT));
  }

  private DocumentTask task(Path file, JsonObject options) {
    return new DocumentTask(
        "job-1",
        0,
        file.getFileName().toString(),
        file,
        options,
        new DocumentArtifacts(new FileArtifactStorage(folder.resolve("out")), "job-1", 0));
  }

  private static DocumentException assertCode(String code, ThrowingCall call) {
    DocumentException e = assertThrows(DocumentException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  private static String sha256(Path file) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest);
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }
}
