package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.docbatch.testdocs.EnglishTexts;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NLP jobs over HTTP on the real bootable JAR, with real CoreNLP and its models from
 * CORENLP_MODELS_DIR (the build copies them to target/corenlp-models).
 */
@ExtendWith(DocbatchExtension.class)
class NlpIT {

  @Test
  void findsEntitiesInTextAndPdfsAndFailsWhatItCannotRead(Docbatch docbatch) throws Exception {
    // given: two readable documents and three it cannot read
    Path folder = folder(docbatch);
    List<Path> documents =
        List.of(
            EnglishTexts.text(folder, "news.txt", EnglishTexts.NEWS),
            EnglishTexts.textLayerPdf(folder),
            TestDocuments.binaryNamedTxt(folder),
            EnglishTexts.scannedPdf(folder),
            TestDocuments.cleanPng(folder));

    // when
    JsonObject job = runJob(docbatch, documents, "{}");

    // then: the readable ones completed, each other one failed alone, saying why
    JsonArray results = results(docbatch, job);
    assertEquals("COMPLETED", job.getString("status"), results.toString());
    assertEquals(2, job.getInt("completed_tasks"), results.toString());
    assertEquals(3, job.getInt("failed_tasks"), results.toString());

    JsonObject news = results.getJsonObject(0).getJsonObject("result");
    assertEquals("en", news.getString("language"));
    assertEquals(3, news.getInt("sentences"), news.toString());
    assertTrue(news.getInt("tokens") > 30, news.toString());
    assertEntity(news, EnglishTexts.NEWS, "Barack Obama", "PERSON");
    assertEntity(news, EnglishTexts.NEWS, "Angela Merkel", "PERSON");
    assertEntity(news, EnglishTexts.NEWS, "Paris", "LOCATION");
    assertEntity(news, EnglishTexts.NEWS, "London", "LOCATION");
    assertEntity(news, EnglishTexts.NEWS, "Google", "ORGANIZATION");
    assertEntity(news, EnglishTexts.NEWS, "United Nations", "ORGANIZATION");
    assertEntity(news, EnglishTexts.NEWS, "March 3, 2021", "DATE");
    assertEntity(news, EnglishTexts.NEWS, "12 January 2022", "DATE");
    assertTrue(news.getJsonObject("lemmas").toString().contains("\"visit\""), news.toString());
    assertTrue(news.containsKey("annotate_ms"), news.toString());

    JsonObject pdf = results.getJsonObject(1).getJsonObject("result");
    String pdfText = String.join("\n", EnglishTexts.PDF_LINES);
    assertEquals("pdf", pdf.getString("detected_type"));
    assertEntityType(pdf, "Microsoft", "ORGANIZATION");
    assertEntityType(pdf, "Seattle", "LOCATION");
    assertEntityType(pdf, "Satya Nadella", "PERSON");
    assertTrue(pdfText.contains("Satya Nadella"));

    assertError(results.getJsonObject(2), "not_text", "binary");
    assertError(results.getJsonObject(3), "no_text_layer", "OCR");
    assertError(results.getJsonObject(4), "unsupported_type", "OCR");
  }

  @Test
  void givesEachSentenceItsSentimentWhenAsked(Docbatch docbatch) throws Exception {
    Path review = EnglishTexts.text(folder(docbatch), "review.txt", EnglishTexts.REVIEW);

    JsonObject job = runJob(docbatch, List.of(review), "{\"sentiment\": true}");

    JsonArray results = results(docbatch, job);
    assertEquals(1, job.getInt("completed_tasks"), results.toString());
    JsonObject result = results.getJsonObject(0).getJsonObject("result");
    JsonArray sentences = result.getJsonArray("sentences_detail");
    assertEquals(2, sentences.size(), result.toString());
    assertTrue(
        sentences.getJsonObject(0).getString("sentiment").endsWith("ositive"), result.toString());
    assertTrue(
        sentences.getJsonObject(1).getString("sentiment").endsWith("egative"), result.toString());
    assertTrue(result.getJsonArray("annotators").toString().contains("sentiment"));
  }

  @Test
  void refusesBadOptionsBeforeAcceptingTheJob(Docbatch docbatch) throws Exception {
    Path text = EnglishTexts.text(folder(docbatch), "short.txt", "Hello there.");
    String document = docbatch.documentRoot().relativize(text).toString();

    for (String options :
        List.of(
            "{\"annotators\": \"tokenize,coref\"}",
            "{\"annotators\": 7}",
            "{\"sentiment\": \"yes\"}",
            "{\"max_chars\": 0}")) {
      Answer answer =
          docbatch
              .api()
              .post(
                  "/jobs",
                  "{\"job_type\": \"nlp\", \"documents\": [\""
                      + document
                      + "\"], \"options\": "
                      + options
                      + "}");
      assertEquals(400, answer.status(), options + " -> " + answer.body());
      assertTrue(answer.contentType().startsWith("application/problem+json"), answer.body());
      JsonObject problem = answer.json();
      assertEquals("invalid_option", problem.getString("code"), answer.body());
      String option = options.substring(2, options.indexOf('"', 2));
      assertTrue(problem.toString().contains(option), "names " + option + ": " + problem);
    }
  }

  /**
   * The test node starts with {@code NLP_WARMUP_DOCUMENTS}: the default pipeline is loaded in the
   * background as it starts, so no NLP document of it pays for the loading.
   */
  @Test
  void aWarmedUpNodeLoadsThePipelineBeforeItsFirstNlpDocument(Docbatch docbatch) throws Exception {
    Path log = docbatch.server().log();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Files.readString(log).contains("DOCBATCH-1900 NLP warmed up"));
    Path folder = folder(docbatch);
    Path document = EnglishTexts.text(folder, "warm.txt", EnglishTexts.NEWS);

    JsonObject job = runJob(docbatch, List.of(document), "{}");

    JsonObject result = results(docbatch, job).getJsonObject(0).getJsonObject("result");
    assertFalse(result.containsKey("load_ms"), result.toString());
    assertEntity(result, EnglishTexts.NEWS, "Barack Obama", "PERSON");
  }

  @Test
  void readinessSaysWhereTheModelsAre(Docbatch docbatch) throws Exception {
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(docbatch.server().management("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());

    JsonObject check =
        jakarta.json.Json.createReader(new StringReader(ready.body()))
            .readObject()
            .getJsonArray("checks")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(c -> c.getString("name").equals("nlp-models"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no nlp-models check: " + ready.body()));
    assertEquals("UP", check.getString("status"));
    assertEquals("present", check.getJsonObject("data").getString("models"), check.toString());
    assertTrue(
        check.getJsonObject("data").getString("location").endsWith("-models.jar"),
        check.toString());
  }

  private static Path folder(Docbatch docbatch) throws Exception {
    return Files.createDirectories(docbatch.documentRoot().resolve("nlp-" + UUID.randomUUID()));
  }

  private static JsonObject runJob(Docbatch docbatch, List<Path> documents, String options) {
    StringBuilder list = new StringBuilder();
    for (Path document : documents) {
      list.append(list.isEmpty() ? "" : ",")
          .append('"')
          .append(docbatch.documentRoot().relativize(document))
          .append('"');
    }
    Answer submitted =
        docbatch
            .api()
            .post(
                "/jobs",
                "{\"job_type\": \"nlp\", \"options\": "
                    + options
                    + ", \"documents\": ["
                    + list
                    + "]}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    // The first NLP job of a node waits for CoreNLP to load its models (about 10 s).
    return docbatch.api().awaitFinished(id, Duration.ofMinutes(3));
  }

  private static JsonArray results(Docbatch docbatch, JsonObject job) {
    return docbatch
        .api()
        .get("/jobs/" + job.getString("job_id") + "/results")
        .json()
        .getJsonArray("results");
  }

  /** The entity is found with its type, and its offsets point at its text. */
  private static void assertEntity(JsonObject result, String text, String entity, String type) {
    JsonObject found = entity(result, entity);
    assertEquals(type, found.getString("type"), found.toString());
    assertEquals(entity, text.substring(found.getInt("begin"), found.getInt("end")));
  }

  private static void assertEntityType(JsonObject result, String entity, String type) {
    assertEquals(type, entity(result, entity).getString("type"), result.toString());
  }

  private static JsonObject entity(JsonObject result, String entity) {
    return result.getJsonArray("entities").stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> e.getString("text").equals(entity))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entity " + entity + " in " + result));
  }

  private static void assertError(JsonObject outcome, String code, String mentions) {
    assertEquals("failed", outcome.getString("status"), outcome.toString());
    JsonObject error = outcome.getJsonObject("error");
    assertEquals(code, error.getString("code"), outcome.toString());
    assertTrue(error.getString("message").contains(mentions), outcome.toString());
  }
}
