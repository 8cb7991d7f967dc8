package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The result cache (issue 21): the same bytes with the same effective options are not read twice;
 * anything that changes the reading misses.
 */
@ExtendWith(DocbatchExtension.class)
class ResultCacheIT {

  private Docbatch docbatch;
  private Path folder;
  private List<String> documents;

  @BeforeEach
  void setUp(Docbatch docbatch) throws Exception {
    this.docbatch = docbatch;
    folder = Files.createDirectories(docbatch.documentRoot().resolve("cache-" + UUID.randomUUID()));
    // Bytes no other test had (other OCR tests read the same pages as the same user): a page with
    // a speck of its own, and a two-page scan (read a page per partition) of such pages.
    Path png = speckled(folder.resolve("letter.png"));
    Path pdf = OcrDocuments.scannedPdf(folder.resolve("scan.pdf"), 2);
    try (PDDocument scan = Loader.loadPDF(pdf.toFile())) {
      scan.getDocumentInformation().setTitle(folder.getFileName().toString());
      scan.save(pdf.toFile());
    }
    documents = List.of(reference(png), reference(pdf));
  }

  @Test
  void aResubmittedJobIsAnsweredFromTheCacheAndAnythingThatChangesTheReadingMisses()
      throws Exception {
    JsonArray first = run(docbatch.api(), documents, "{}");
    String firstJob = first.getJsonObject(0).getString("job");
    JsonArray again = run(docbatch.api(), documents, "{\"language\": \"en\"}");

    long readMillis = 0;
    long cachedMillis = 0;
    for (int i = 0; i < documents.size(); i++) {
      JsonObject read = result(first, i);
      JsonObject cached = result(again, i);
      assertFalse(read.containsKey("cached"), read.toString());
      assertTrue(cached.getBoolean("cached"), "\"en\" reads as \"eng\": " + cached);
      assertEquals(firstJob, cached.getJsonObject("cached_from").getString("job_id"));
      assertEquals(i, cached.getJsonObject("cached_from").getInt("index"));
      assertEquals(read.getString("text"), cached.getString("text"));
      readMillis += first.getJsonObject(i).getInt("duration_ms");
      cachedMillis += again.getJsonObject(i).getInt("duration_ms");
    }
    assertTrue(
        cachedMillis * 5 < readMillis,
        "from the cache in " + cachedMillis + " ms, read in " + readMillis + " ms");

    assertMisses(run(docbatch.api(), documents, "{\"psm\": 6}"), "another page segmentation");
    assertMisses(run(docbatch.api(), documents, "{\"cache\": false}"), "cache: false");
    speckled(folder.resolve(Path.of(documents.get(0)).getFileName()));
    JsonObject changed = result(run(docbatch.api(), documents.subList(0, 1), "{}"), 0);
    assertFalse(changed.containsKey("cached"), "a changed file is read again: " + changed);
  }

  @Test
  void aCachedResultBringsCopiesOfItsFiles() {
    String options = "{\"outputs\": [\"pdf\", \"text\"]}";
    JsonArray first = run(docbatch.api(), documents.subList(0, 1), options);
    JsonArray again = run(docbatch.api(), documents.subList(0, 1), options);

    JsonObject cached = result(again, 0);
    assertTrue(cached.getBoolean("cached"), cached.toString());
    String pdf = cached.getJsonObject("artifacts").getString("pdf");
    String job = again.getJsonObject(0).getString("job");
    assertTrue(pdf.startsWith("/api/jobs/" + job + "/documents/0/"), pdf);
    assertEquals(
        sha256s(first.getJsonObject(0).getString("job")),
        sha256s(job),
        "the same files, copied to the job that reused the result");

    // Text alone needs no word boxes (found by this test: it used to fail, output_failed).
    JsonObject text =
        result(run(docbatch.api(), documents.subList(0, 1), "{\"outputs\": [\"text\"]}"), 0);
    assertTrue(text.getJsonObject("outputs").containsKey("text"), text.toString());
  }

  private Map<String, String> sha256s(String job) {
    return docbatch
        .api()
        .get("/jobs/" + job + "/documents/0/artifacts")
        .json()
        .getJsonArray("artifacts")
        .getValuesAs(JsonObject.class)
        .stream()
        .collect(Collectors.toMap(a -> a.getString("name"), a -> a.getString("sha256")));
  }

  @Test
  void anotherUserDoesNotGetMyResults() throws Exception {
    Path alices = Files.createDirectories(docbatch.documentRoot().resolve("users/alice"));
    Path png = folder.resolve(Path.of(documents.get(0)).getFileName());
    Files.copy(png, alices.resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    run(docbatch.api(), documents.subList(0, 1), "{}");

    JsonObject hers =
        result(
            run(
                docbatch.api().as(TestCredentials.ALICE),
                List.of(png.getFileName().toString()),
                "{}"),
            0);

    assertFalse(hers.containsKey("cached"), hers.toString());
  }

  /** Page 0 of the test pages with one gray speck in its margin where no other run put one. */
  private static Path speckled(Path file) throws Exception {
    BufferedImage page = OcrDocuments.page(0, 0, 0);
    int x = ThreadLocalRandom.current().nextInt(10, 60);
    int y = ThreadLocalRandom.current().nextInt(10, 60);
    page.setRGB(x, y, 0x808080 + ThreadLocalRandom.current().nextInt(1, 64));
    ImageIO.write(page, "png", file.toFile());
    return file;
  }

  private static void assertMisses(JsonArray results, String why) {
    for (int i = 0; i < results.size(); i++) {
      assertFalse(result(results, i).containsKey("cached"), why + ": " + results.get(i));
    }
  }

  private String reference(Path file) {
    return folder.getFileName() + "/" + file.getFileName();
  }

  /** Runs an ocr job; its results, each with the job's id under {@code job}. */
  private static JsonArray run(ApiClient api, List<String> documents, String options) {
    String body =
        "{\"job_type\": \"ocr\", \"options\": "
            + options
            + ", \"documents\": ["
            + String.join(",", documents.stream().map(d -> "\"" + d + "\"").toList())
            + "]}";
    var submitted = api.post("/jobs", body);
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    api.awaitFinished(id, Duration.ofMinutes(3));
    var results = jakarta.json.Json.createArrayBuilder();
    for (JsonValue outcome : api.get("/jobs/" + id + "/results").json().getJsonArray("results")) {
      results.add(jakarta.json.Json.createObjectBuilder(outcome.asJsonObject()).add("job", id));
    }
    return results.build();
  }

  private static JsonObject result(JsonArray results, int index) {
    JsonObject outcome = results.getJsonObject(index);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }
}
