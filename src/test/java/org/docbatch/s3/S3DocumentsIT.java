package org.docbatch.s3;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.S3ProxyServer;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Documents named {@code s3://bucket/key} and uploads kept in a bucket, against a real S3Proxy and
 * one node: references checked at submit from the reference alone, objects copied for each run and
 * the copies removed, a missing key failing its document alone, and a store that goes away mid-job
 * waited for rather than failing documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3DocumentsIT {

  private S3ProxyServer s3;
  private OwnNode node;
  private ApiClient api;
  private byte[] png;

  @BeforeAll
  void startStoreAndNode() throws IOException {
    OwnNode.Builder builder = OwnNode.in("s3-documents");
    s3 = S3ProxyServer.start(builder.work().resolve("s3"));
    s3.createBucket("scans");
    s3.createBucket("uploads");
    png = Files.readAllBytes(OcrDocuments.cleanPng(builder.work()));
    put("scans", "team/letter.png", png);
    put("scans", "team/second.png", png);
    put("scans", "team/third.png", png);
    put("scans", "users/alice/mine.png", png);
    Files.write(builder.documents().resolve("local.png"), png);
    s3.environment().forEach(builder::with);
    node =
        builder
            .with("S3_ALLOWED", "s3://scans/")
            .with("UPLOAD_ROOT", "s3://uploads/docbatch")
            .with("S3_MAX_ATTEMPTS", "2")
            .with("OUTAGE_RETRY_SECONDS", "1")
            .with("VALIDATION_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.1")
            .start();
    api = node.api();
  }

  @AfterAll
  void stop() {
    node.close();
    s3.close();
  }

  @Test
  @Order(1)
  void objectsAndFilesAreValidatedAndReadInOneJob() throws IOException {
    JsonArray validated =
        run("validation", "[\"s3://scans/team/letter.png\", \"local.png\"]", "{}");
    for (int i = 0; i < 2; i++) {
      JsonObject result = completed(validated, i).getJsonObject("result");
      assertTrue(result.getBoolean("valid"), result.toString());
      assertEquals(png.length, result.getInt("size_bytes"), result.toString());
      assertEquals("png", result.getString("detected_type").toLowerCase(), result.toString());
    }
    assertEquals("s3://scans/team/letter.png", validated.getJsonObject(0).getString("document"));

    JsonArray read = run("ocr", "[\"s3://scans/team/letter.png\"]", "{}");
    String text = completed(read, 0).getJsonObject("result").getString("text");
    assertTrue(text.contains("Invoice"), text);
    assertNoScratchCopyLeft();
  }

  @Test
  @Order(2)
  void referencesOutsideTheAllowedPrefixesAreRefusedFromTheReferenceAlone() {
    // No bucket "elsewhere" exists: an answer that asked the store would be document_not_found.
    refused(api, "s3://elsewhere/a.png", "document_outside_root");
    ApiClient alice = api.as(TestCredentials.ALICE);
    refused(alice, "s3://scans/team/letter.png", "document_outside_root");
    refused(alice, "s3://scans/users/bob/none.png", "document_outside_root");
    refused(alice, "s3://Not_A_Bucket/a.png", "invalid_document");
    refused(alice, "s3://scans/users/alice/", "invalid_document");

    var mine =
        alice.post(
            "/jobs",
            "{\"job_type\": \"validation\", \"documents\": [\"s3://scans/users/alice/mine.png\"]}");
    assertEquals(202, mine.status(), mine.body());
    JsonObject job = alice.awaitFinished(mine.json().getString("job_id"), Duration.ofMinutes(1));
    assertEquals(1, job.getInt("completed_tasks"), job.toString());
  }

  @Test
  @Order(3)
  void aMissingKeyFailsItsDocumentAlone() {
    JsonArray results =
        run("validation", "[\"s3://scans/team/letter.png\", \"s3://scans/team/none.png\"]", "{}");
    completed(results, 0);
    JsonObject missing = results.getJsonObject(1);
    assertEquals("failed", missing.getString("status"), missing.toString());
    JsonObject error = missing.getJsonObject("error");
    assertEquals("document_not_found", error.getString("code"), error.toString());
    assertTrue(error.getString("message").contains("s3://scans/team/none.png"), error.toString());
  }

  @Test
  @Order(4)
  void anObjectLargerThanTheJobAcceptsFailsUnread() throws IOException {
    JsonArray results =
        run("validation", "[\"s3://scans/team/letter.png\"]", "{\"max_file_size_mb\": 0.001}");
    JsonObject error = results.getJsonObject(0).getJsonObject("error");
    assertEquals("document_too_large", error.getString("code"), error.toString());
    assertNoScratchCopyLeft();
  }

  @Test
  @Order(5)
  void aJobWaitsOutAStoreThatWentAwayAndCompletes() throws Exception {
    s3.stop();
    var submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \"validation\", \"documents\": [\"s3://scans/team/letter.png\","
                + " \"s3://scans/team/second.png\", \"s3://scans/team/third.png\"]}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    // With one retry allowed, a failure counted as the document's would have dead-lettered all
    // three within seconds; the node is not ready meanwhile, naming the bucket.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(node.server().log()).contains("DOCBATCH-1721"));
    var notReady = node.management().get("/health/ready");
    assertEquals(503, notReady.status(), notReady.body());
    assertTrue(notReady.body().contains("\"unreachable\":\"scans,uploads\""), notReady.body());
    assertFalse(notReady.body().contains(S3ProxyServer.SECRET_KEY), notReady.body());
    // An upload the bucket cannot take is refused whole, and its spooled copy removed.
    var upload = api.upload(Files.write(node.work().resolve("refused.png"), png), "refused.png");
    assertEquals(503, upload.status(), upload.body());
    assertEquals("object_store_unavailable", upload.json().getString("code"), upload.body());
    assertNoScratchCopyLeft();
    // Postponed past what two attempts allow (three documents, three runs each): none failed.
    await().atMost(Duration.ofSeconds(60)).until(() -> postponements(node.server().log()) >= 9);
    JsonObject waiting = api.get("/jobs/" + id).json();
    assertEquals(0, waiting.getInt("failed_tasks"), waiting.toString());
    assertFalse(waiting.containsKey("finished_at"), waiting.toString());

    s3.restart();

    JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(3, job.getInt("completed_tasks"), job.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.management().get("/health/ready").status() == 200);
  }

  @Test
  @Order(6)
  void anUploadIsKeptInTheBucketAndReadFromThere() throws IOException {
    Path file = Files.write(node.work().resolve("upload.png"), png);
    var uploaded = api.upload(file, "scan.png");
    assertEquals(201, uploaded.status(), uploaded.body());
    String id = uploaded.json().getJsonArray("documents").getJsonObject(0).getString("document_id");

    JsonObject result =
        completed(run("validation", "[\"" + id + "\"]", "{}"), 0).getJsonObject("result");
    assertEquals(png.length, result.getInt("size_bytes"), result.toString());

    try (S3Client client = s3.client()) {
      List<String> keys =
          client.listObjectsV2(b -> b.bucket("uploads").prefix("docbatch/")).contents().stream()
              .map(S3Object::key)
              .toList();
      assertTrue(keys.contains("docbatch/uploads/" + id + "/scan.png"), keys.toString());
    }
    try (Stream<Path> files = Files.walk(node.documents())) {
      assertTrue(
          files.noneMatch(f -> f.toString().contains(id)), "the upload is on the node's disk");
    }
    assertNoScratchCopyLeft();
  }

  private void put(String bucket, String key, byte[] content) {
    try (S3Client client = s3.client()) {
      client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }
  }

  private JsonArray run(String type, String documents, String options) {
    var submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \""
                + type
                + "\", \"documents\": "
                + documents
                + ", \"options\": "
                + options
                + "}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    api.awaitFinished(id, Duration.ofMinutes(3));
    return api.get("/jobs/" + id + "/results").json().getJsonArray("results");
  }

  private static JsonObject completed(JsonArray results, int index) {
    JsonObject outcome =
        results.stream()
            .map(JsonValue::asJsonObject)
            .filter(r -> r.getInt("index") == index)
            .findFirst()
            .orElseThrow();
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome;
  }

  /** Issue 20: outside the caller's prefixes is 403; a malformed reference 422, as a path's. */
  private static void refused(ApiClient client, String reference, String code) {
    var answer =
        client.post(
            "/jobs", "{\"job_type\": \"validation\", \"documents\": [\"" + reference + "\"]}");
    assertEquals(code.equals("document_outside_root") ? 403 : 422, answer.status(), answer.body());
    assertEquals(code, answer.json().getString("code"), answer.body());
  }

  /** The runs the node postponed because the store was away (DOCBATCH-1721 lines). */
  private static long postponements(Path log) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains("DOCBATCH-1721")).count();
    }
  }

  private void assertNoScratchCopyLeft() throws IOException {
    Path scratch = node.server().temporaryFolder().resolve("docbatch-scratch");
    if (Files.isDirectory(scratch)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                try (Stream<Path> left = Files.list(scratch)) {
                  assertEquals(List.of(), left.toList());
                }
              });
    }
  }
}
