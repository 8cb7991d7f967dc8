package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.OwnNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Corrupt and hostile documents fail one by one with a clear error while the good ones in the same
 * job complete, and the server stays healthy.
 */
@ExtendWith(DocbatchExtension.class)
class HostileDocumentsIT {

  /** Each hostile document and the error code its failure must carry (null: it must succeed). */
  private static final Map<String, Function<Path, Path>> DOCUMENTS = new LinkedHashMap<>();

  private static final Map<String, String> EXPECTED_ERROR = new LinkedHashMap<>();

  static {
    add("clean png", TestDocuments::cleanPng, null);
    add("text pdf", TestDocuments::textPdf, null);
    add("utf-8 text", TestDocuments::utf8Text, null);
    add("truncated png", TestDocuments::truncatedPng, "corrupt_image");
    add("zero bytes", TestDocuments::emptyFile, "empty_file");
    add("binary junk named .txt", TestDocuments::binaryNamedTxt, "not_text");
    add("png declaring 100000x100000", TestDocuments::hugeDimensionsPng, "image_too_large");
    add("garbage pdf", TestDocuments::garbagePdf, "corrupt_pdf");
    add("encrypted pdf", TestDocuments::encryptedPdf, "encrypted_pdf");
  }

  private static void add(String name, Function<Path, Path> make, String error) {
    DOCUMENTS.put(name, make);
    EXPECTED_ERROR.put(name, error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"validation", "preprocessing"})
  void badDocumentsFailAloneWithAClearMessage(String jobType, Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("hostile-" + UUID.randomUUID()));
    List<String> names = List.copyOf(DOCUMENTS.keySet());
    List<String> references =
        names.stream()
            .map(
                name ->
                    folder.getFileName() + "/" + DOCUMENTS.get(name).apply(folder).getFileName())
            .toList();

    String id =
        docbatch
            .api()
            .post("/jobs", JobLifecycleIT.jobJson(jobType, references, 0))
            .json()
            .getString("job_id");
    JsonObject job = docbatch.api().awaitFinished(id, Duration.ofMinutes(2));

    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(3, job.getInt("completed_tasks"));
    assertEquals(6, job.getInt("failed_tasks"));
    var results = docbatch.api().get("/jobs/" + id + "/results").json().getJsonArray("results");
    for (int i = 0; i < names.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      String expected = EXPECTED_ERROR.get(names.get(i));
      if (expected == null) {
        assertEquals("completed", result.getString("status"), names.get(i) + ": " + result);
      } else {
        assertEquals("failed", result.getString("status"), names.get(i) + ": " + result);
        JsonObject error = result.getJsonObject("error");
        assertEquals(expected, error.getString("code"), names.get(i) + ": " + result);
        assertTrue(
            error.getString("message").length() > 15, "a message a person can act on: " + error);
        assertFalse(error.getString("message").contains("Exception"), "no raw exception: " + error);
      }
    }
    assertHealthy(docbatch);
  }

  /**
   * Issue 22, item 2 (and 8, which it caused): five 10000 x 10000 16-bit RGBA PNGs (about 1 MB each
   * on disk, 100.0 megapixels, 800 MB each decoded) in a preprocessing and an OCR job made a node
   * run like production (-Xmx1g -XX:+ExitOnOutOfMemoryError) throw OutOfMemoryErrors, reported as
   * corrupt_image, or die. Now each fails alone with image_too_large before a pixel is decoded
   * (DecodeBudget), the node stays up, and a plain job afterwards completes.
   */
  @Test
  void decodingHasAMemoryBudgetSoFiveHugePngsCannotTakeANodeDown() throws Exception {
    OwnNode.Builder builder =
        OwnNode.in("decode-budget-" + UUID.randomUUID())
            .with("JAVA_OPTS", "-Xmx1g -XX:+ExitOnOutOfMemoryError");
    Path huge = TestDocuments.rgba16Png(builder.documents().resolve("huge-0.png"), 10_000, 10_000);
    assertTrue(Files.size(huge) < 2_000_000, "small on disk: " + Files.size(huge));
    List<String> references = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path copy = builder.documents().resolve("huge-" + i + ".png");
      if (i > 0) {
        Files.copy(huge, copy);
      }
      references.add(copy.getFileName().toString());
    }
    references.add(TestDocuments.cleanPng(builder.documents()).getFileName().toString());

    try (OwnNode node = builder.start()) {
      for (String jobType : List.of("preprocessing", "ocr")) {
        String id =
            node.api()
                .post("/jobs", JobLifecycleIT.jobJson(jobType, references, 0))
                .json()
                .getString("job_id");
        JsonObject job = node.api().awaitFinished(id, Duration.ofMinutes(3));

        assertEquals("COMPLETED", job.getString("status"), job.toString());
        var results = node.api().get("/jobs/" + id + "/results").json().getJsonArray("results");
        for (int i = 0; i < 5; i++) {
          JsonObject result = results.getJsonObject(i);
          assertEquals("failed", result.getString("status"), jobType + ": " + result);
          assertEquals(
              "image_too_large",
              result.getJsonObject("error").getString("code"),
              jobType + ": " + result);
        }
        assertEquals("completed", results.getJsonObject(5).getString("status"), results.toString());
      }
      String plain =
          node.api()
              .post("/jobs", JobLifecycleIT.jobJson("validation", references.subList(5, 6), 0))
              .json()
              .getString("job_id");
      assertEquals(
          "COMPLETED", node.api().awaitFinished(plain, Duration.ofMinutes(2)).getString("status"));
      assertTrue(node.server().isAlive(), "the node is up");
      assertEquals(200, node.management().get("/health/ready").status());
      String log = Files.readString(node.server().log());
      assertFalse(
          log.contains("OutOfMemoryError"), "no OutOfMemoryError in " + node.server().log());
    }
  }

  private static void assertHealthy(Docbatch docbatch) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (String probe : List.of("/health/live", "/health/ready")) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(docbatch.server().management(probe)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), probe + ": " + answer.body());
    }
  }
}
