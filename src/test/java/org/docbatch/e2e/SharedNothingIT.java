package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.docbatch.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 20's fleet: two nodes that share nothing but Redis and a bucket (each has a document root
 * of its own, empty; uploads and outputs go to the bucket) read one job's scans page by page
 * between them, and either node serves every artifact, whichever node wrote it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedNothingIT {

  private static final int PAGES = 3;

  private S3ProxyServer s3;
  private RedisServer redis;
  private OwnNode nodeA;
  private OwnNode nodeB;

  @BeforeAll
  void startTwoNodesOnABucket() throws IOException {
    OwnNode.Builder nodes = OwnNode.in("shared-nothing");
    s3 = S3ProxyServer.start(nodes.work().resolve("s3"));
    s3.createBucket("scans");
    s3.createBucket("docbatch");
    try (S3Client client = s3.client()) {
      for (String name : List.of("first", "second")) {
        Path scan = OcrDocuments.scannedPdf(nodes.work().resolve(name + ".pdf"), PAGES);
        client.putObject(
            b -> b.bucket("scans").key("2026/" + name + ".pdf"), RequestBody.fromFile(scan));
      }
    }
    redis = RedisServer.start(nodes.work().resolve("redis"));
    nodes
        .on(redis)
        .with("OCR_WORKERS", "1")
        .with("OCR_MIN_WORKERS", "1")
        .with("S3_ALLOWED", "s3://scans/")
        .with("UPLOAD_ROOT", "s3://docbatch/uploads/")
        .with("OUTPUT_ROOT", "s3://docbatch/output/");
    s3.environment().forEach(nodes::with);
    nodeA =
        nodes
            .serverFolder("a")
            .with("NODE_ID", "node-a")
            .with("DOCUMENT_ROOT", folder(nodes, "a"))
            .start();
    nodeB =
        nodes
            .serverFolder("b")
            .with("NODE_ID", "node-b")
            .with("DOCUMENT_ROOT", folder(nodes, "b"))
            .start();
  }

  private static String folder(OwnNode.Builder nodes, String name) throws IOException {
    return Files.createDirectories(nodes.work().resolve("own-documents-" + name)).toString();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable each : new AutoCloseable[] {nodeA, nodeB, redis, s3}) {
      try {
        if (each != null) {
          each.close();
        }
      } catch (Exception e) {
        // Stopping the rest matters more.
      }
    }
  }

  @Test
  void twoNodesReadAJobFromTheBucketAndServeEachOthersOutputs() throws IOException {
    ApiClient a = nodeA.api();
    ApiClient b = nodeB.api();
    Path png = OcrDocuments.cleanPng(nodeA.work());
    String uploaded =
        a.upload(png).json().getJsonArray("documents").getJsonObject(0).getString("document_id");

    var submitted =
        a.post(
            "/jobs",
            "{\"job_type\": \"ocr\", \"documents\": [\"s3://scans/2026/first.pdf\","
                + " \"s3://scans/2026/second.pdf\", \""
                + uploaded
                + "\"], \"options\": {\"outputs\": [\"pdf\", \"text\"], \"cache\": false}}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    JsonObject job = b.awaitFinished(id, Duration.ofMinutes(4));

    assertEquals("COMPLETED", job.getString("status"), job.toString());
    JsonArray results = b.get("/jobs/" + id + "/results").json().getJsonArray("results");
    Set<String> nodes = new HashSet<>();
    for (int index = 0; index < 2; index++) {
      JsonObject read = completed(results, index);
      assertEquals(PAGES, read.getInt("pages_read"), read.toString());
      read.getJsonArray("pages")
          .getValuesAs(JsonObject.class)
          .forEach(page -> nodes.add(page.getString("node")));
      assertCer(
          String.join("\n\n", OcrDocuments.text(0), OcrDocuments.text(1), OcrDocuments.text(2)),
          read.getString("text"));
      assertEquals(
          "s3://scans/2026/" + (index == 0 ? "first" : "second") + ".pdf",
          results.getJsonObject(index).getString("document"));
    }
    assertCer(OcrDocuments.text(0), completed(results, 2).getString("text"));
    assertEquals(Set.of("node-a", "node-b"), nodes, "pages read on both nodes");

    // Every artifact, from either node, is the object in the bucket.
    try (S3Client client = s3.client()) {
      for (int document = 0; document < 3; document++) {
        int index = document;
        JsonArray artifacts =
            a.get("/jobs/" + id + "/documents/" + index + "/artifacts")
                .json()
                .getJsonArray("artifacts");
        assertTrue(artifacts.size() >= 2, artifacts.toString());
        for (JsonObject artifact : artifacts.getValuesAs(JsonObject.class)) {
          String name = artifact.getString("name");
          String path = "/jobs/" + id + "/documents/" + index + "/artifacts/" + name;
          byte[] viaA = a.download(path).body();
          byte[] viaB = b.download(path).body();
          byte[] stored =
              client
                  .getObject(
                      r -> r.bucket("docbatch").key("output/" + id + "/" + index + "/" + name),
                      ResponseTransformer.toBytes())
                  .asByteArray();
          assertArrayEquals(stored, viaA, name);
          assertArrayEquals(stored, viaB, name);
        }
      }
    }
    // Nothing of the documents stays on either node: no file under its own document root, no
    // scratch copy in its temporary folder (its unpacked WildFly aside) once the copies the pages
    // shared have waited their 5 s for another page.
    for (OwnNode node : List.of(nodeA, nodeB)) {
      assertEquals(List.of(), filesUnder(node.documents()), "document root");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertEquals(
                      List.of(),
                      filesUnder(node.server().temporaryFolder()).stream()
                          .filter(file -> !file.contains("wildfly-bootable-server"))
                          .toList(),
                      "temporary folder"));
    }
  }

  private static List<String> filesUnder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(folder::relativize)
          .map(Path::toString)
          .toList();
    }
  }

  private static JsonObject completed(JsonArray results, int index) {
    JsonObject outcome = results.getJsonObject(index);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }

  private static void assertCer(String expected, String read) {
    double cer = OcrDocuments.characterErrorRate(expected, read);
    assertTrue(cer <= 0.02, "character error rate " + cer + ", read: " + read);
  }
}
