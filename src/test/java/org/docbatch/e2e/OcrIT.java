package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.ReadinessCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real OCR through the server, on pages with known text: what Tesseract reads back is compared
 * character by character, and hostile documents, a native crash and a memory hog each fail alone.
 */
@ExtendWith(DocbatchExtension.class)
class OcrIT {

  @Test
  void scansInEveryFormatAreReadWithFewErrors(Docbatch docbatch) throws Exception {
    Path folder = folder(docbatch, "ocr");
    List<String> documents =
        references(
            folder,
            OcrDocuments::cleanPng,
            OcrDocuments::jpeg,
            OcrDocuments::multiPageTiff,
            OcrDocuments::scannedPdf,
            TestDocuments::textPdf);

    JsonArray results = run(docbatch, "ocr", documents, "{\"word_boxes\": true}");

    JsonObject png = result(results, 0);
    assertCer(OcrDocuments.text(0), png.getString("text"), 0.02);
    assertTrue(png.getJsonNumber("mean_confidence").doubleValue() > 80, png.toString());
    JsonObject firstWord =
        png.getJsonArray("pages").getJsonObject(0).getJsonArray("words").getJsonObject(0);
    assertEquals("Invoice", firstWord.getString("text"), firstWord.toString());
    assertTrue(firstWord.getInt("width") > 0 && firstWord.getInt("left") > 0, firstWord.toString());
    assertCer(OcrDocuments.text(2), result(results, 1).getString("text"), 0.02);

    JsonObject tiff = result(results, 2);
    assertEquals(3, tiff.getInt("page_count"), tiff.toString());
    for (int page = 0; page < 3; page++) {
      JsonObject read = tiff.getJsonArray("pages").getJsonObject(page);
      assertEquals("ocr", read.getString("source"));
      String pageText =
          tiff.getString("text").substring(read.getInt("text_begin"), read.getInt("text_end"));
      assertCer(OcrDocuments.text(page), pageText, 0.02);
    }

    JsonObject scanned = result(results, 3);
    assertEquals("ocr", scanned.getJsonArray("pages").getJsonObject(0).getString("source"));
    assertCer(OcrDocuments.text(0), scanned.getString("text"), 0.02);

    JsonObject textLayer = result(results, 4);
    assertEquals(
        "text_layer", textLayer.getJsonArray("pages").getJsonObject(0).getString("source"));
    assertTrue(textLayer.getString("text").contains(TestDocuments.LINES[0]), textLayer.toString());
  }

  @Test
  void aNoisySkewedScanIsReadAfterPreprocessing(Docbatch docbatch) throws Exception {
    Path folder = folder(docbatch, "ocr-noisy");
    List<String> documents = references(folder, OcrDocuments::noisyPng);

    JsonArray results = run(docbatch, "ocr", documents, "{\"preprocess\": true, \"psm\": 6}");

    JsonObject noisy = result(results, 0);
    assertCer(OcrDocuments.text(1), noisy.getString("text"), 0.05);
    assertTrue(
        noisy.getJsonArray("pages").getJsonObject(0).getJsonArray("preprocessing").size() == 4,
        noisy.toString());
  }

  @Test
  void hostileDocumentsAndEngineCrashesFailAloneWhileTheRestComplete(Docbatch docbatch)
      throws Exception {
    Path folder = folder(docbatch, "ocr-hostile");
    List<String> documents =
        references(
            folder,
            OcrDocuments::cleanPng,
            TestDocuments::truncatedPng,
            TestDocuments::hugeDimensionsPng,
            f -> OcrDocuments.pdfDeclaringPages(f, 5000),
            TestDocuments::garbagePdf,
            TestDocuments::binaryNamedTxt,
            TestDocuments::utf8Text,
            f -> copy(OcrDocuments.cleanPng(f), f.resolve("crash-me.png")),
            OcrDocuments::jpeg);
    List<String> expected =
        List.of(
            "",
            "corrupt_image",
            "image_too_large",
            "corrupt_pdf",
            "corrupt_pdf",
            "not_text",
            "unsupported_type",
            "ocr_engine_crashed",
            "");

    String options = "{\"inject_fault\": \"native_crash\", \"fault_matching\": \"crash-me\"}";
    JsonArray results = run(docbatch, "ocr", documents, options);

    for (int i = 0; i < expected.size(); i++) {
      JsonObject outcome = results.getJsonObject(i);
      if (expected.get(i).isEmpty()) {
        assertEquals("completed", outcome.getString("status"), outcome.toString());
      } else {
        assertEquals("failed", outcome.getString("status"), outcome.toString());
        JsonObject error = outcome.getJsonObject("error");
        assertEquals(expected.get(i), error.getString("code"), outcome.toString());
        assertFalse(error.getString("message").contains("Exception"), error.toString());
      }
    }
    JsonObject ocr = ReadinessCheck.named(docbatch.server(), "ocr");
    assertTrue(
        ocr.getJsonObject("data").getJsonNumber("engine_restarts").intValue() >= 1, ocr.toString());
  }

  /**
   * Issue 18: with the defaults, an upside-down page is read upright, a speckled skewed page is
   * read cleaned, a 16-bit TIFF as ImageMagick writes it is read, and an ISO language code is
   * taken, as are the options that control it.
   */
  @Test
  void pagesThatComeInWrongAreReadRightWithTheDefaults(Docbatch docbatch) throws Exception {
    Path folder = folder(docbatch, "ocr-wrong");
    List<String> documents =
        references(
            folder,
            OcrDocuments::upsideDownPng,
            OcrDocuments::noisyPng,
            OcrDocuments::sixteenBitTiff);

    // The defaults spelled out: each is a known option (unknown ones are refused with 400).
    JsonArray results =
        run(
            docbatch,
            "ocr",
            documents,
            "{\"language\": \"en\", \"auto_rotate\": true, \"min_page_confidence\": 60}");

    JsonObject upsideDown = result(results, 0);
    JsonObject turned = upsideDown.getJsonArray("pages").getJsonObject(0);
    assertEquals(180, turned.getInt("orientation"), turned.toString());
    assertTrue(turned.getBoolean("rotated"), turned.toString());
    assertEquals("eng", upsideDown.getString("language"));
    assertCer(OcrDocuments.text(0), upsideDown.getString("text"), 0.02);

    JsonObject noisy = result(results, 1);
    assertTrue(
        noisy.getJsonArray("pages").getJsonObject(0).getBoolean("preprocessed"), noisy.toString());
    assertCer(OcrDocuments.text(1), noisy.getString("text"), 0.02);

    JsonObject tiff = result(results, 2);
    assertEquals(2, tiff.getInt("page_count"), tiff.toString());
    for (int page = 0; page < 2; page++) {
      JsonObject read = tiff.getJsonArray("pages").getJsonObject(page);
      assertCer(
          OcrDocuments.text(page + 1),
          tiff.getString("text").substring(read.getInt("text_begin"), read.getInt("text_end")),
          0.01);
    }
  }

  @Test
  void anUnknownLanguageIsRefusedWithTheInstalledOnes(Docbatch docbatch) {
    var answer =
        docbatch
            .api()
            .post(
                "/jobs",
                "{\"job_type\": \"ocr\", \"documents\": [\"a.png\"], \"options\": {\"language\":"
                    + " \"klingon\"}}");

    assertEquals(400, answer.status(), answer.body());
    // the languages this machine has (eng at least; bin/test adds ell for OcrOutputsIT)
    assertTrue(answer.body().matches("(?s).*installed: [a-z_, ]*\\beng\\b.*"), answer.body());
  }

  private static JsonArray run(
      Docbatch docbatch, String type, List<String> documents, String options) {
    String body =
        "{\"job_type\": \""
            + type
            + "\", \"options\": "
            + options
            + ", \"documents\": ["
            + String.join(",", documents.stream().map(d -> "\"" + d + "\"").toList())
            + "]}";
    var submitted = docbatch.api().post("/jobs", body);
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    docbatch.api().awaitFinished(id, Duration.ofMinutes(3));
    return docbatch.api().get("/jobs/" + id + "/results").json().getJsonArray("results");
  }

  private static JsonObject result(JsonArray results, int index) {
    JsonObject outcome = results.getJsonObject(index);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }

  private static void assertCer(String expected, String read, double limit) {
    double cer = OcrDocuments.characterErrorRate(expected, read);
    assertTrue(cer < limit, "character error rate " + cer + " over " + limit + ", read: " + read);
  }

  private static Path folder(Docbatch docbatch, String name) throws Exception {
    return Files.createDirectories(docbatch.documentRoot().resolve(name + "-" + UUID.randomUUID()));
  }

  @SafeVarargs
  private static List<String> references(Path folder, Function<Path, Path>... makers) {
    return java.util.Arrays.stream(makers)
        .map(make -> folder.getFileName() + "/" + make.apply(folder).getFileName())
        .toList();
  }

  private static Path copy(Path source, Path target) {
    try {
      return Files.copy(source, target);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
