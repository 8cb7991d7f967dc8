package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.PrometheusText;
import org.docbatch.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A node whose {@code OUTPUT_ROOT} is a bucket (S3Proxy): an OCR job's outputs, a paged scan's
 * included, are objects under {@code <prefix>/<job>/<index>/}, come back through the artifact API
 * whole, by range and in the export, are copied for a job that reuses the result, never lie on the
 * node's disk, and leave the bucket when their jobs expire.
 */
class OcrOutputsInBucketIT {

  private static final String PREFIX = "fleet/artifacts/";

  /** Seconds a finished job is kept: long enough to look at it, short enough to see it go. */
  private static final int TTL = 30;

  @Test
  void outputsAreObjectsDownloadedThroughTheApiAndGoneWithTheirJob() throws Exception {
    OwnNode.Builder nodes = OwnNode.in("ocr-outputs-bucket");
    try (S3ProxyServer s3 = S3ProxyServer.start(nodes.work().resolve("s3"));
        S3Client bucket = s3.client()) {
      s3.createBucket("outputs");
      s3.environment().forEach(nodes::with);
      nodes.with("OUTPUT_ROOT", "s3://outputs/" + PREFIX).with("JOB_TTL", Integer.toString(TTL));
      OcrDocuments.scannedPdf(nodes.documents().resolve("scan.pdf"), 2);
      String png = OcrDocuments.cleanPng(nodes.documents()).getFileName().toString();
      String options = "{\"outputs\": [\"pdf\", \"hocr\", \"text\"]}";

      try (OwnNode node = nodes.start()) {
        ApiClient api = node.api();
        String id = run(api, "[\"scan.pdf\", \"" + png + "\"]", options);
        JsonObject scan =
            api.get("/jobs/" + id + "/results").json().getJsonArray("results").getJsonObject(0);
        assertEquals("completed", scan.getString("status"), scan.toString());
        assertTrue(scan.getJsonObject("result").getBoolean("paged", false), scan.toString());

        // listed through the API, each one an object whose bytes the API serves whole
        Map<String, JsonObject> listed = listed(api, id, 0);
        // the outputs, and the pages' parts that page partitions wrote and the assembly read back
        assertTrue(
            listed
                .keySet()
                .containsAll(List.of("scan.pdf", "scan.hocr", "scan.txt", "scan.page-0002.tsv")),
            listed.keySet().toString());
        for (JsonObject artifact : listed.values()) {
          ApiClient.Download whole = api.download(url(artifact));
          assertEquals(200, whole.status(), artifact.toString());
          assertEquals(artifact.getJsonNumber("size_bytes").longValue(), whole.body().length);
          assertEquals(artifact.getString("sha256"), sha256(whole.body()));
          byte[] object =
              bucket
                  .getObjectAsBytes(
                      b ->
                          b.bucket("outputs").key(PREFIX + id + "/0/" + artifact.getString("name")))
                  .asByteArray();
          assertArrayEquals(object, whole.body(), artifact.getString("name"));
        }
        byte[] text = api.download(url(listed.get("scan.txt"))).body();
        String read = new String(text, StandardCharsets.UTF_8);
        String expected = OcrDocuments.text(0) + "\n" + OcrDocuments.text(1);
        assertTrue(
            OcrDocuments.characterErrorRate(expected, read) < 0.05, "the pages read: " + read);

        // a range, as a resumed download asks for it
        ApiClient.Download part =
            api.download(url(listed.get("scan.pdf")), "Range", "bytes=100-1123");
        byte[] pdf = api.download(url(listed.get("scan.pdf"))).body();
        assertEquals(206, part.status());
        assertEquals("bytes 100-1123/" + pdf.length, part.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(pdf, 100, 1124), part.body());

        // the export reads the same objects
        Map<String, byte[]> zip = zip(api.download("/jobs/" + id + "/export?format=zip").body());
        assertArrayEquals(pdf, zip.get("documents/0/scan.pdf"));
        assertArrayEquals(text, zip.get("documents/0/scan.txt"));

        // in the bucket: both documents' outputs, each with its metadata object
        Set<String> keys = keys(bucket, id);
        for (String name : List.of("scan.pdf", "scan.hocr", "scan.txt")) {
          assertTrue(keys.contains(id + "/0/" + name), keys.toString());
          assertTrue(keys.contains(id + "/0/.meta/" + name + ".json"), keys.toString());
        }
        Set<String> pngOutputs = listed(api, id, 1).keySet();
        assertEquals(3, pngOutputs.size(), pngOutputs.toString());
        pngOutputs.forEach(name -> assertTrue(keys.contains(id + "/1/" + name), keys.toString()));

        // a job reusing the PNG's result gets copies of its outputs, in the bucket too
        String again = run(api, "[\"" + png + "\"]", options);
        JsonObject cached =
            api.get("/jobs/" + again + "/results").json().getJsonArray("results").getJsonObject(0);
        assertTrue(cached.getJsonObject("result").getBoolean("cached", false), cached.toString());
        assertEquals(sha256s(listed(api, id, 1)), sha256s(listed(api, again, 0)));
        assertTrue(
            keys(bucket, again)
                .containsAll(
                    pngOutputs.stream().map(n -> again + "/0/" + n).collect(Collectors.toSet())),
            keys(bucket, again).toString());

        // nothing of them on the node's disk: no OUTPUT_ROOT folder, no spooled file left
        assertEquals(List.of(), filesNamed(nodes.work(), listed.keySet(), pngOutputs));
        assertEquals(
            List.of(), filesNamed(node.server().temporaryFolder(), listed.keySet(), pngOutputs));
        List<Path> spools = spools(node.server().temporaryFolder());
        assertEquals(1, spools.size(), "the folder artifacts were written through: " + spools);
        try (Stream<Path> left = Files.list(spools.get(0))) {
          assertEquals(List.of(), left.toList(), "spooled files are removed once put");
        }

        // a bucket has no disk: the output gauges measure the one the artifacts are spooled on
        PrometheusText metrics = new PrometheusText(node.management().get("/metrics").body());
        assertTrue(metrics.value("docbatch_disk_total_bytes", "folder=\"output\"").orElse(0) > 0);

        // both jobs expire, and their objects leave the bucket
        await()
            .atMost(Duration.ofSeconds(TTL * 3))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> keys(bucket, id).isEmpty() && keys(bucket, again).isEmpty());
        assertEquals(404, api.get("/jobs/" + id).status());
      }
    }
  }

  /** Submits the documents, waits for the job to finish, and says its id. */
  private static String run(ApiClient api, String documents, String options) {
    ApiClient.Answer submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \"ocr\", \"documents\": "
                + documents
                + ", \"options\": "
                + options
                + "}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    JsonObject finished = api.awaitFinished(id, Duration.ofMinutes(3));
    assertEquals("COMPLETED", finished.getString("status"), finished.toString());
    return id;
  }

  private static Map<String, JsonObject> listed(ApiClient api, String id, int index) {
    return api
        .get("/jobs/" + id + "/documents/" + index + "/artifacts")
        .json()
        .getJsonArray("artifacts")
        .getValuesAs(JsonObject.class)
        .stream()
        .collect(Collectors.toMap(a -> a.getString("name"), a -> a));
  }

  /** An artifact's download path as the API client takes it (the listing's url, less /api). */
  private static String url(JsonObject artifact) {
    return artifact.getString("url").substring("/api".length());
  }

  private static Map<String, String> sha256s(Map<String, JsonObject> listed) {
    Map<String, String> sums = new HashMap<>();
    listed.forEach((name, artifact) -> sums.put(name, artifact.getString("sha256")));
    return sums;
  }

  /** The keys under the job's prefix, relative to {@link #PREFIX}. */
  private static Set<String> keys(S3Client bucket, String job) {
    return bucket
        .listObjectsV2Paginator(b -> b.bucket("outputs").prefix(PREFIX + job + "/"))
        .contents()
        .stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/"))
        .map(key -> key.substring(PREFIX.length()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Files under {@code folder} (its documents and the bucket's own folder aside) so named. */
  @SafeVarargs
  private static List<Path> filesNamed(Path folder, Set<String>... names) throws Exception {
    Set<String> all = new TreeSet<>();
    for (Set<String> some : names) {
      all.addAll(some);
    }
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.startsWith(folder.resolve("documents")))
          .filter(file -> !file.startsWith(folder.resolve("s3")))
          .filter(file -> all.contains(file.getFileName().toString()))
          .toList();
    }
  }

  private static List<Path> spools(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isDirectory)
          .filter(dir -> dir.getFileName().toString().equals("docbatch-artifacts"))
          .toList();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Map<String, byte[]> zip(byte[] body) throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(body))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
