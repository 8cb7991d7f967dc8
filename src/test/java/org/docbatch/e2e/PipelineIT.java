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
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.Jsr352History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pipeline job takes each document through preprocessing, OCR, NLP and validation, each stage
 * reading what the one before produced, and fails a document in the stage where it went wrong.
 */
@ExtendWith(DocbatchExtension.class)
class PipelineIT {

  @Test
  void eachStageReadsTheOutputOfTheStageBefore(Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("pipeline-" + UUID.randomUUID()));
    String prefix = folder.getFileName() + "/";
    List<String> documents =
        List.of(
            prefix + OcrDocuments.cleanPng(folder).getFileName(),
            prefix + TestDocuments.truncatedPng(folder).getFileName());

    String id = submit(docbatch, documents, "{\"min_confidence\": 60}");
    JsonObject job = docbatch.api().awaitFinished(id, Duration.ofMinutes(3));
    String body = docbatch.api().get("/jobs/" + id + "/results").body();
    JsonArray results =
        docbatch.api().get("/jobs/" + id + "/results").json().getJsonArray("results");
    // what preprocessing wrote is named by artifact, never by where the server keeps it
    assertFalse(body.contains(docbatch.documentRoot().getParent().toString()), body);
    assertFalse(body.contains("data/output"), body);

    assertEquals("COMPLETED", job.getString("status"), job.toString());
    JsonObject stages = results.getJsonObject(0).getJsonObject("result").getJsonObject("stages");
    assertEquals(
        List.of("preprocessing", "ocr", "nlp", "validation"), List.copyOf(stages.keySet()));
    JsonObject ocr = stages.getJsonObject("ocr");
    assertEquals("preprocessing", ocr.getString("input"), ocr.toString());
    double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(0), ocr.getString("text"));
    assertTrue(cer < 0.02, "character error rate " + cer + ": " + ocr.getString("text"));
    String entities = stages.getJsonObject("nlp").getJsonArray("entities").toString();
    assertTrue(entities.contains("Margaret Hughes") && entities.contains("Leeds"), entities);
    assertTrue(
        stages.getJsonObject("validation").getJsonNumber("ocr_confidence").doubleValue() >= 60,
        stages.getJsonObject("validation").toString());

    JsonObject broken = results.getJsonObject(1);
    assertEquals("failed", broken.getString("status"), broken.toString());
    assertEquals("preprocessing", broken.getJsonObject("error").getString("stage"));
    assertEquals("corrupt_image", broken.getJsonObject("error").getString("code"));
  }

  @Test
  void aDocumentBelowMinConfidenceFailsValidation(Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("pipeline-" + UUID.randomUUID()));
    String document = folder.getFileName() + "/" + OcrDocuments.jpeg(folder).getFileName();

    String id = submit(docbatch, List.of(document), "{\"min_confidence\": 99.9}");
    docbatch.api().awaitFinished(id, Duration.ofMinutes(3));
    JsonObject outcome =
        docbatch
            .api()
            .get("/jobs/" + id + "/results")
            .json()
            .getJsonArray("results")
            .getJsonObject(0);

    assertEquals("failed", outcome.getString("status"), outcome.toString());
    JsonObject error = outcome.getJsonObject("error");
    assertEquals("low_confidence", error.getString("code"), error.toString());
    assertEquals("validation", error.getString("stage"));
    assertTrue(error.getString("message").contains("min_confidence of 99.9"), error.toString());
  }

  @Test
  void theOcrStageReadsTheRenderedPagesOfAScanAPartitionEach(Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("pipeline-" + UUID.randomUUID()));
    OcrDocuments.scannedPdf(folder.resolve("three-pages.pdf"), 3);
    String document = folder.getFileName() + "/three-pages.pdf";

    // A searchable PDF of the scan as well, made from the same reading of the rendered pages.
    String id = submit(docbatch, List.of(document), "{\"outputs\": [\"pdf\", \"text\"]}");
    JsonObject job = docbatch.api().awaitFinished(id, Duration.ofMinutes(3));
    JsonObject outcome =
        docbatch
            .api()
            .get("/jobs/" + id + "/results")
            .json()
            .getJsonArray("results")
            .getJsonObject(0);

    assertEquals("COMPLETED", job.getString("status"), outcome.toString());
    JsonObject stages = outcome.getJsonObject("result").getJsonObject("stages");
    JsonObject ocr = stages.getJsonObject("ocr");
    assertFalse(
        outcome.toString().contains(docbatch.documentRoot().getParent().toString()),
        outcome.toString());
    List<String> artifacts =
        docbatch
            .api()
            .get("/jobs/" + id + "/documents/0/artifacts")
            .json()
            .getJsonArray("artifacts")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(artifact -> artifact.getString("name"))
            .toList();
    assertEquals(
        3,
        artifacts.stream().filter(name -> name.endsWith(".png")).count(),
        "the three rendered pages: " + artifacts);
    // and OCR's outputs beside them, each page's kept text and words too
    assertTrue(
        artifacts.containsAll(
            List.of("three-pages.pdf", "three-pages.txt", "three-pages.page-0003.tsv")),
        artifacts.toString());
    assertTrue(ocr.getBoolean("paged"), ocr.toString());
    assertEquals("preprocessing", ocr.getString("input"), ocr.toString());
    assertEquals(3, ocr.getInt("pages_read"), ocr.toString());
    assertEquals("three-pages.pdf", ocr.getJsonObject("outputs").getString("pdf"), ocr.toString());
    assertEquals("three-pages.txt", ocr.getJsonObject("outputs").getString("text"), ocr.toString());
    for (int page = 0; page < 3; page++) {
      JsonObject read = ocr.getJsonArray("pages").getJsonObject(page);
      assertEquals(page + 1, read.getInt("page"));
      // The stage keeps the text once; each page points into it.
      String text =
          ocr.getString("text").substring(read.getInt("text_begin"), read.getInt("text_end"));
      double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(page), text);
      assertTrue(cer < 0.02, "character error rate " + cer + ": " + text);
    }
    String entities = stages.getJsonObject("nlp").getJsonArray("entities").toString();
    assertTrue(entities.contains("Margaret Hughes") && entities.contains("Bristol"), entities);
    assertEquals(
        List.of(
            "listing", "preprocessing", "ocr", "ocr-pages", "ocr-assembly", "nlp", "validation"),
        Jsr352History.steps(docbatch.redis(), id));
  }

  /**
   * A text longer than a result may keep in Redis ({@code MAX_RESULT_KB}, 64 KB): the OCR stage's
   * result keeps its beginning and names the artifact holding all of it, and NLP reads all of it.
   */
  @Test
  void aLongTextIsKeptAsAnArtifactAndTheNextStageReadsAllOfIt(Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("long-" + UUID.randomUUID()));
    String text =
        "Margaret Hughes lives in Leeds and writes letters.\n".repeat(1600)
            + "At the very end she moved to Bristol.\n";
    Files.writeString(folder.resolve("letters.txt"), text);

    String id =
        submit(
            docbatch,
            List.of(folder.getFileName() + "/letters.txt"),
            "{\"max_chars\": 100000, \"annotators\": [\"tokenize\", \"ssplit\"]}");
    docbatch.api().awaitFinished(id, Duration.ofMinutes(2));
    ApiClient.Answer page = docbatch.api().get("/jobs/" + id + "/results");
    JsonObject stages =
        page.json()
            .getJsonArray("results")
            .getJsonObject(0)
            .getJsonObject("result")
            .getJsonObject("stages");

    JsonObject ocr = stages.getJsonObject("ocr");
    assertTrue(ocr.getBoolean("text_truncated"), ocr.toString());
    assertEquals("letters.ocr.txt", ocr.getString("text_artifact"));
    assertTrue(ocr.toString().length() <= 64 * 1024, "the stage's result fits MAX_RESULT_KB");
    ApiClient.Download whole =
        docbatch.api().download(ocr.getString("text_artifact_url").substring("/api".length()));
    assertEquals(200, whole.status());
    assertTrue(
        new String(whole.body(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("moved to Bristol"),
        "the artifact holds the whole text");
    int kept = ocr.getString("text").length();
    int read = stages.getJsonObject("nlp").getInt("chars");
    assertTrue(read > kept, "NLP read past the kept beginning: " + read + " of " + kept);
    assertEquals(ocr.getInt("text_chars"), read, "NLP read the whole text");
  }

  private static String submit(Docbatch docbatch, List<String> documents, String options) {
    String body =
        "{\"job_type\": \"pipeline\", \"options\": "
            + options
            + ", \"documents\": ["
            + String.join(",", documents.stream().map(d -> "\"" + d + "\"").toList())
            + "]}";
    var answer = docbatch.api().post("/jobs", body);
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }
}
