package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's artifacts over HTTP: listed, downloaded whole or by range, cached by ETag, hidden from
 * other submitters, and exported with the whole job.
 */
@ExtendWith(DocbatchExtension.class)
class ArtifactsIT {

  private static final int SIZE = 100_000;

  /** What the noop worker writes for document {@code index}: a pattern of one letter. */
  private static byte[] expected(int index) {
    byte[] bytes = new byte[SIZE];
    Arrays.fill(bytes, (byte) ('a' + index % 26));
    return bytes;
  }

  private static String job(Docbatch docbatch, ApiClient alice, int documents) throws Exception {
    String folder = "art-" + UUID.randomUUID();
    NoopJobs.writeDocuments(
        docbatch.documentRoot().resolve("users/alice").resolve(folder), "scan", documents);
    String id =
        NoopJobs.submit(
            alice,
            folder + "/scan",
            documents,
            0,
            Json.createObjectBuilder().add("artifact_bytes", SIZE).build());
    JsonObject job = alice.awaitFinished(id, Duration.ofMinutes(1));
    assertEquals(documents, job.getInt("completed_tasks"), job.toString());
    return id;
  }

  @Test
  void artifactsAreListedAndDownloadedWholeByRangeAndByETag(Docbatch docbatch) throws Exception {
    ApiClient alice = docbatch.api().as(TestCredentials.ALICE);
    String id = job(docbatch, alice, 2);
    String base = "/jobs/" + id + "/documents/1/artifacts";

    // the result names the artifact by its API path, and no result carries a server path
    String results = alice.get("/jobs/" + id + "/results").body();
    assertTrue(results.contains("\"artifact\":\"/api" + base + "/scan-1.bin\""), results);
    assertFalse(results.contains(docbatch.documentRoot().getParent().toString()), results);

    JsonObject listed = alice.get(base).json();
    assertEquals(1, listed.getJsonArray("artifacts").size(), listed.toString());
    JsonObject artifact = listed.getJsonArray("artifacts").getJsonObject(0);
    assertEquals("scan-1.bin", artifact.getString("name"));
    assertEquals(SIZE, artifact.getInt("size_bytes"));
    assertEquals("application/octet-stream", artifact.getString("media_type"));
    assertEquals(sha256(expected(1)), artifact.getString("sha256"));
    assertTrue(artifact.containsKey("created_at"));

    ApiClient.Download whole = alice.download(base + "/scan-1.bin");
    assertEquals(200, whole.status());
    assertArrayEquals(expected(1), whole.body());
    String etag = whole.header("ETag");
    assertEquals("\"" + sha256(expected(1)) + "\"", etag);
    assertEquals(
        "attachment; filename=\"scan-1.bin\"; filename*=UTF-8''scan-1.bin",
        whole.header("Content-Disposition"));

    ApiClient.Download part = alice.download(base + "/scan-1.bin", "Range", "bytes=10-19");
    assertEquals(206, part.status());
    assertEquals("bytes 10-19/" + SIZE, part.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(expected(1), 10, 20), part.body());
    ApiClient.Download suffix = alice.download(base + "/scan-1.bin", "Range", "bytes=-5");
    assertEquals(206, suffix.status());
    assertEquals(5, suffix.body().length);
    ApiClient.Download beyond =
        alice.download(base + "/scan-1.bin", "Range", "bytes=" + SIZE + "-");
    assertEquals(416, beyond.status());
    assertEquals("bytes */" + SIZE, beyond.header("Content-Range"));

    ApiClient.Download cached = alice.download(base + "/scan-1.bin", "If-None-Match", etag);
    assertEquals(304, cached.status());
    assertEquals(0, cached.body().length);

    // another submitter sees neither the job nor its artifacts; the admin sees both
    ApiClient bob = docbatch.api().as(TestCredentials.BOB);
    assertEquals(404, bob.get(base).status());
    assertEquals(404, bob.download(base + "/scan-1.bin").status());
    assertEquals(200, docbatch.api().download(base + "/scan-1.bin").status());

    // names that are not one file's, and what is not there
    assertEquals(400, alice.download(base + "/%2E%2E").status());
    assertEquals(400, alice.download(base + "/.meta").status());
    assertEquals(400, alice.download(base + "/..%2F..%2Fetc").status());
    assertEquals(404, alice.download(base + "/missing.bin").status());
    assertEquals(404, alice.get("/jobs/" + id + "/documents/7/artifacts").status());
  }

  @Test
  void aPageImageIsRenderedBoundedForWhoeverMaySeeTheJob(Docbatch docbatch) throws Exception {
    ApiClient alice = docbatch.api().as(TestCredentials.ALICE);
    String folder = "page-" + UUID.randomUUID();
    Path documents =
        Files.createDirectories(docbatch.documentRoot().resolve("users/alice/" + folder));
    OcrDocuments.cleanPng(documents); // 1900 x 520
    Files.writeString(documents.resolve("note.txt"), "no pages here");
    var submitted =
        alice.post(
            "/jobs",
            "{\"job_type\": \"noop\", \"documents\": [\""
                + folder
                + "/letter-clean.png\", \""
                + folder
                + "/note.txt\"]}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    alice.awaitFinished(id, Duration.ofMinutes(1));
    String page = "/jobs/" + id + "/documents/0/pages/1/image";

    ApiClient.Download image = alice.download(page + "?size=400");
    assertEquals(200, image.status());
    assertEquals("image/png", image.header("Content-Type"));
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(image.body()));
    assertEquals(400, read.getWidth());
    assertEquals(Math.round(400 * 520 / 1900.0), read.getHeight(), 1);
    assertEquals(
        1000, ImageIO.read(new ByteArrayInputStream(alice.download(page).body())).getWidth());

    assertEquals(404, docbatch.api().as(TestCredentials.BOB).download(page).status());
    assertEquals(200, docbatch.api().download(page + "?size=100").status());
    assertEquals(400, alice.download(page + "?size=5000").status());
    assertProblem(alice.get("/jobs/" + id + "/documents/0/pages/2/image"), 404, "page_not_found");
    assertProblem(alice.get("/jobs/" + id + "/documents/1/pages/1/image"), 404, "no_page_image");
    assertProblem(
        alice.get("/jobs/" + id + "/documents/2/pages/1/image"), 404, "document_not_found");
  }

  private static void assertProblem(ApiClient.Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertEquals(code, answer.json().getString("code"), answer.body());
  }

  @Test
  void aJobExportsAsJsonLinesCsvAndAZipOfEveryArtifact(Docbatch docbatch) throws Exception {
    ApiClient alice = docbatch.api().as(TestCredentials.ALICE);
    int documents = 3;
    String id = job(docbatch, alice, documents);

    List<String> lines = alice.get("/jobs/" + id + "/export?format=jsonl").body().lines().toList();
    assertEquals(documents, lines.size());
    for (int i = 0; i < documents; i++) {
      JsonObject line = Json.createReader(new StringReader(lines.get(i))).readObject();
      assertEquals(i, line.getInt("index"));
      assertEquals("completed", line.getString("status"));
    }

    ApiClient.Answer csv = alice.get("/jobs/" + id + "/export?format=csv");
    List<String> rows = csv.body().lines().toList();
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertEquals(documents + 1, rows.size(), csv.body());
    assertTrue(rows.get(0).startsWith("index,document,status"), rows.get(0));
    assertTrue(rows.get(2).startsWith("1,") && rows.get(2).contains(",completed,"), rows.get(2));

    ApiClient.Download zip = alice.download("/jobs/" + id + "/export?format=zip");
    assertEquals(200, zip.status());
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    assertEquals(documents + 1, entries.size(), entries.keySet().toString());
    assertEquals(
        documents,
        new String(entries.get("results.jsonl"), StandardCharsets.UTF_8).lines().count());
    for (int i = 0; i < documents; i++) {
      assertArrayEquals(expected(i), entries.get("documents/" + i + "/scan-" + i + ".bin"));
    }
    assertEquals(400, alice.get("/jobs/" + id + "/export?format=xml").status());
    assertEquals(
        404, docbatch.api().as(TestCredentials.BOB).get("/jobs/" + id + "/export").status());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
