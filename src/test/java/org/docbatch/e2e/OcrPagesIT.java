package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.Jsr352History;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Pages as partitions: a scanned PDF's pages are read by the OCR workers of two nodes sharing one
 * Redis, put back together in page order; a page that fails fails alone; a one-page image never
 * reaches the page steps.
 */
class OcrPagesIT {

  private static final int PAGES = 8;

  private Path work;
  private Path documents;
  private RedisServer redis;
  private Map<String, String> env;

  @BeforeEach
  void startRedis() throws Exception {
    work =
        Path.of(System.getProperty("docbatch.test-work", "target/it-work"))
            .toAbsolutePath()
            .resolve("ocr-pages");
    documents = Files.createDirectories(work.resolve("documents"));
    redis = RedisServer.start(work.resolve("redis"));
    env = new HashMap<>();
    env.put("REDIS_URL", redis.url());
    env.put("DOCUMENT_ROOT", documents.toString());
    env.put("OUTPUT_ROOT", work.resolve("output").toString());
    // One OCR worker a node: each node takes one page at a time, so both read some.
    env.put("OCR_WORKERS", "1");
    env.put("OCR_FAULT_INJECTION", "true");
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void aScannedPdfIsReadPageByPageOnTwoNodesAndAssembledInPageOrder() throws Exception {
    OcrDocuments.scannedPdf(documents.resolve("pages.pdf"), PAGES);
    OcrDocuments.scannedPdf(documents.resolve("failing.pdf"), 3);
    try (DocbatchServer first = DocbatchServer.start(work.resolve("first"), env);
        DocbatchServer second = DocbatchServer.start(work.resolve("second"), env)) {
      ApiClient api = new ApiClient(first::api);
      // The engine crashes on page 2 of failing.pdf only (a fault injected in the OCR child).
      var submitted =
          api.post(
              "/jobs",
              "{\"job_type\": \"ocr\", \"documents\": [\"pages.pdf\", \"failing.pdf\"],"
                  + " \"options\": {\"inject_fault\": \"native_crash\","
                  + " \"fault_matching\": \"failing.pdf#page=2\"}}");
      assertEquals(202, submitted.status(), submitted.body());
      String id = submitted.json().getString("job_id");

      api.awaitFinished(id, Duration.ofMinutes(4));
      JsonObject job = api.get("/jobs/" + id).json();
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(PAGES + 3, job.getInt("pages_total"), job.toString());
      assertEquals(PAGES + 3, job.getInt("pages_done"), job.toString());
      JsonArray results = api.get("/jobs/" + id + "/results").json().getJsonArray("results");

      JsonObject read = completed(results, 0);
      assertEquals(PAGES, read.getInt("page_count"), read.toString());
      assertEquals(PAGES, read.getInt("pages_read"), read.toString());
      assertFalse(read.getBoolean("truncated"));
      assertTrue(read.getJsonNumber("mean_confidence").doubleValue() > 80, read.toString());
      JsonArray pages = read.getJsonArray("pages");
      Set<String> nodes = new HashSet<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < PAGES; i++) {
        JsonObject page = pages.getJsonObject(i);
        assertEquals(i + 1, page.getInt("page"), "pages in page order");
        assertEquals("ocr", page.getString("source"));
        assertTrue(page.getJsonNumber("duration_ms").longValue() > 0, page.toString());
        assertCer(OcrDocuments.text(i % 3), pageText(read, page), 0.02);
        nodes.add(page.getString("node"));
        expected.add(OcrDocuments.text(i % 3));
      }
      assertCer(String.join("\n\n", expected), read.getString("text"), 0.02);
      assertEquals(2, nodes.size(), "pages read on both nodes: " + nodes);

      JsonObject partial = completed(results, 1);
      assertEquals(
          List.of(2),
          partial.getJsonArray("failed_pages").getValuesAs(jakarta.json.JsonNumber.class).stream()
              .map(n -> n.intValue())
              .toList());
      assertEquals(
          "pages_failed",
          partial.getJsonArray("warnings").getJsonObject(0).getString("code"),
          partial.toString());
      assertTrue(
          partial
              .getJsonArray("warnings")
              .getJsonObject(0)
              .getString("message")
              .contains("ocr_engine_crashed"),
          partial.toString());
      assertEquals(2, partial.getInt("pages_read"), partial.toString());
      assertEquals(1, partial.getJsonArray("pages").getJsonObject(0).getInt("page"));
      assertEquals(3, partial.getJsonArray("pages").getJsonObject(1).getInt("page"));
      assertCer(
          OcrDocuments.text(2),
          pageText(partial, partial.getJsonArray("pages").getJsonObject(1)),
          0.02);

      assertEquals(List.of("ocr", "ocr-pages", "ocr-assembly"), Jsr352History.steps(redis, id));
    }
  }

  @Test
  void aOnePageImageNeverReachesThePageSteps() throws Exception {
    Path png = OcrDocuments.cleanPng(documents);
    try (DocbatchServer node = DocbatchServer.start(work.resolve("single"), env)) {
      ApiClient api = new ApiClient(node::api);
      var submitted =
          api.post(
              "/jobs", "{\"job_type\": \"ocr\", \"documents\": [\"" + png.getFileName() + "\"]}");
      assertEquals(202, submitted.status(), submitted.body());
      String id = submitted.json().getString("job_id");
      api.awaitFinished(id, Duration.ofMinutes(2));

      JsonObject job = api.get("/jobs/" + id).json();
      assertEquals("COMPLETED", job.getString("status"), job.toString());
      assertEquals(1, job.getInt("pages_total"), job.toString());
      assertEquals(1, job.getInt("pages_done"), job.toString());
      JsonObject read =
          completed(api.get("/jobs/" + id + "/results").json().getJsonArray("results"), 0);
      assertCer(OcrDocuments.text(0), read.getString("text"), 0.02);
      // The documents step alone ran (its analyzer costs no Redis call), and nothing of the page
      // steps was written: the image cost what it cost before pages were partitions.
      assertEquals(List.of("ocr"), Jsr352History.steps(redis, id));
      try (RedisClient client = redis.client()) {
        assertEquals(
            Set.of(),
            client.keys("docbatch:job:{" + id + "}:page*"),
            "no page keys for a one-page image");
        assertFalse(client.exists("docbatch:job:{" + id + "}:paged"));
      }
    }
  }

  private static JsonObject completed(JsonArray results, int index) {
    JsonObject outcome = results.getJsonObject(index);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }

  private static void assertCer(String expected, String read, double limit) {
    double cer = OcrDocuments.characterErrorRate(expected, read);
    assertTrue(cer < limit, "character error rate " + cer + " over " + limit + ", read: " + read);
  }

  /** A page's text: the document keeps it once, each page points into it. */
  private static String pageText(JsonObject document, JsonObject page) {
    return document.getString("text").substring(page.getInt("text_begin"), page.getInt("text_end"));
  }
}
