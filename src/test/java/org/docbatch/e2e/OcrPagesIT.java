package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.Jsr352History;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;

/**
 * Pages are partitions like documents, in failure too (issue 18): a cancelled 100-page document
 * stops its pages; a page whose node is killed with {@code kill -9} mid-read is read again on the
 * other node and is in the result once; a page that fails every attempt is dead-lettered by itself,
 * and its requeue reads it into its document's result. Two nodes on one Redis, one OCR worker each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OcrPagesIT {

  private static final String OCR_QUEUE = "docbatch:queue:{ocr}";
  private static final int PAGES = 8;

  private RedisServer redis;
  private RedisClient client;
  private OwnNode nodeA;
  private OwnNode nodeB;
  private ApiClient api;

  @BeforeAll
  void startTwoNodes() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("ocr-pages")
            .with("OCR_WORKERS", "1")
            .with("OCR_MIN_WORKERS", "1")
            .with("OCR_FAULT_INJECTION", "true")
            .with("OCR_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.1")
            .with("LEASE_SECONDS", "2")
            .with("NODE_HEARTBEAT_INTERVAL", "1")
            .with("NODE_TIMEOUT", "3");
    OcrDocuments.scannedPdf(nodes.documents().resolve("pages.pdf"), PAGES);
    OcrDocuments.scannedPdf(nodes.documents().resolve("failing.pdf"), 3);
    OcrDocuments.mixedTiff(nodes.documents().resolve("mixed.tif"));
    OcrDocuments.cleanPng(nodes.documents());
    // Pages of four lines (about a second of OCR each): a cancel after the first pages must leave
    // most of them unread, whereas pages of a few words would all be read in the second a worker
    // may take to see the cancel (RecentJobs).
    OcrDocuments.scannedPdf(nodes.documents().resolve("report.pdf"), 100);
    OcrDocuments.scannedPdf(nodes.documents().resolve("killed.pdf"), 6);
    OcrDocuments.scannedPdf(nodes.documents().resolve("dead.pdf"), 3);
    redis = RedisServer.start(nodes.work().resolve("redis"));
    client = redis.client();
    nodes.on(redis);
    nodeA = nodes.serverFolder("a").with("NODE_ID", "node-a").start();
    nodeB = nodes.serverFolder("b").with("NODE_ID", "node-b").start();
    api = nodeA.api();
  }

  @AfterAll
  void stopNodes() {
    nodeA.close();
    nodeB.close();
    client.close();
    redis.close();
  }

  @Test
  @Order(1)
  void aScannedPdfAndATiffAreReadPageByPageOnTwoNodesAndAssembledInPageOrder() {
    // The engine crashes on page 2 of failing.pdf only (a fault injected in the OCR child).
    var submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \"ocr\", \"documents\": [\"pages.pdf\", \"failing.pdf\","
                + " \"mixed.tif\"],"
                + " \"options\": {\"inject_fault\": \"native_crash\","
                + " \"fault_matching\": \"failing.pdf#page=2\"}}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");

    api.awaitFinished(id, Duration.ofMinutes(4));
    JsonObject job = api.get("/jobs/" + id).json();
    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(PAGES + 3 + 3, job.getInt("pages_total"), job.toString());
    assertEquals(PAGES + 3 + 3, job.getInt("pages_done"), job.toString());
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
    assertEquals(List.of(2), numbers(partial.getJsonArray("failed_pages")));
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

    // A TIFF of a 1-bit G4, an 8-bit LZW and a 16-bit predictor page, each page a partition.
    JsonObject tiff = completed(results, 2);
    assertEquals("tiff", tiff.getString("detected_type"), tiff.toString());
    assertTrue(tiff.getBoolean("paged"), tiff.toString());
    assertEquals(3, tiff.getInt("page_count"), tiff.toString());
    assertEquals(3, tiff.getInt("pages_read"), tiff.toString());
    for (int i = 0; i < 3; i++) {
      JsonObject page = tiff.getJsonArray("pages").getJsonObject(i);
      assertEquals(i + 1, page.getInt("page"), "pages in page order");
      assertTrue(page.getJsonNumber("duration_ms").longValue() > 0, page.toString());
      assertFalse(page.getString("node").isBlank(), page.toString());
      assertCer(OcrDocuments.text(i), pageText(tiff, page), 0.02);
    }

    assertEquals(
        List.of("listing", "ocr", "ocr-pages", "ocr-assembly"), Jsr352History.steps(redis, id));

    // Issue 24: each page read as a partition is a task, listed after its document's.
    JsonObject tasks = api.get("/jobs/" + id + "/tasks?limit=1000").json();
    assertEquals(3 + PAGES + 3 + 3, tasks.getInt("total"), tasks.toString());
    List<JsonObject> listed = tasks.getJsonArray("tasks").getValuesAs(JsonObject.class);
    assertEquals(id + ":0", listed.get(0).getString("task_id"));
    Set<String> pageNodes = new HashSet<>();
    for (int page = 1; page <= PAGES; page++) {
      JsonObject task = listed.get(page);
      assertEquals(id + ":0:" + page, task.getString("task_id"), task.toString());
      assertEquals("completed", task.getString("status"), task.toString());
      assertEquals(1, task.getInt("attempts"), task.toString());
      assertTrue(task.containsKey("finished_at"), task.toString());
      pageNodes.add(task.getJsonObject("worker").getString("node"));
    }
    assertEquals(Set.of("node-a", "node-b"), pageNodes, "the pages' workers: " + listed);
    JsonObject crashed = api.get("/tasks/" + id + ":1:2").json();
    assertEquals("failed", crashed.getString("status"), crashed.toString());
    assertEquals("ocr_engine_crashed", crashed.getJsonObject("error").getString("code"));
    assertEquals("completed", api.get("/tasks/" + id + ":1").json().getString("status"));
  }

  @Test
  @Order(2)
  void aOnePageImageNeverReachesThePageSteps() {
    var submitted =
        api.post("/jobs", "{\"job_type\": \"ocr\", \"documents\": [\"letter-clean.png\"]}");
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
    // The listing step (which passes at once) and the documents step alone ran (its analyzer costs
    // no Redis call), and nothing of the page steps was written: the image cost what it cost
    // before pages were partitions.
    assertEquals(List.of("listing", "ocr"), Jsr352History.steps(redis, id));
    assertEquals(
        Set.of(),
        client.keys("docbatch:job:{" + id + "}:page*"),
        "no page keys for a one-page image");
    assertFalse(client.exists("docbatch:job:{" + id + "}:paged"));
  }

  @Test
  @Order(3)
  void aCancelledHundredPageDocumentStopsItsPages() {
    String id = submit("[\"report.pdf\"]", "{\"max_pages\": 100}");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.get("/jobs/" + id).json().getInt("pages_done", 0) >= 2);
    JsonObject running = api.get("/jobs/" + id).json();
    assertEquals(100, running.getInt("pages_total"), running.toString());

    long cancelledAt = System.nanoTime();
    assertEquals(200, nodeB.api().delete("/jobs/" + id).status());
    JsonObject job = api.awaitFinished(id, Duration.ofSeconds(30));
    long millis = (System.nanoTime() - cancelledAt) / 1_000_000;

    assertEquals("CANCELLED", job.getString("status"), job.toString());
    long pagesRead = client.hlen("docbatch:job:{" + id + "}:pages");
    assertTrue(pagesRead < 25, pagesRead + " of 100 pages read after the cancel");
    assertEquals(
        0,
        client.zcard(OCR_QUEUE) + client.zcard(OCR_QUEUE + ":delayed"),
        "no page partition left queued");
    await().atMost(Duration.ofSeconds(5)).until(() -> client.zcard(OCR_QUEUE + ":leases") == 0);
    System.out.println(
        "# cancelled 100-page document: "
            + pagesRead
            + " pages read, ended "
            + millis
            + " ms after");
  }

  /** It kills node B. */
  @Test
  @Order(4)
  void aPageWhoseNodeIsKilledMidReadIsReadAgainElsewhereOnce() {
    // At 600 dpi a page takes about a second: long enough to be killed in the middle of it.
    String id = submit("[\"killed.pdf\"]", "{\"dpi\": 600}");
    AtomicReference<Set<Integer>> leased = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              // One OCR worker a node: two pages under lease are one on each node.
              Set<Integer> pages = leasedPages();
              leased.set(pages);
              return pages.size() == 2;
            });
    nodeB.server().kill();

    JsonObject job = api.awaitFinished(id, Duration.ofMinutes(3));
    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(6, job.getInt("pages_done"), job.toString());
    JsonObject outcome = results(id).getJsonObject(0);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    JsonObject read = outcome.getJsonObject("result");
    assertEquals(6, read.getInt("page_count"), read.toString());
    assertEquals(6, read.getInt("pages_read"), read.toString());
    assertFalse(read.containsKey("failed_pages"), read.toString());
    JsonArray pages = read.getJsonArray("pages");
    assertEquals(6, pages.size(), read.toString());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JsonObject page = pages.getJsonObject(i);
      assertEquals(i + 1, page.getInt("page"), "each page once, in page order: " + read);
      assertCer(OcrDocuments.text(i % 3), pageText(read, page));
      expected.add(OcrDocuments.text(i % 3));
      if (leased.get().contains(i + 1)) {
        // Node B's page was never recorded by B: node A read it after B's lease ran out.
        assertEquals("node-a", page.getString("node"), "page " + (i + 1) + ": " + page);
      }
    }
    assertCer(String.join("\n\n", expected), read.getString("text"));
  }

  /** Runs on node A alone (after B was killed): the fault counts its runs on the node. */
  @Test
  @Order(5)
  void aPageThatFailsEveryAttemptIsDeadLetteredAndReadOnceRequeued() {
    // Page 2's worker fails with an unexpected error on its first two runs: both attempts of
    // OCR_MAX_RETRIES=1.
    String id =
        submit(
            "[\"dead.pdf\"]",
            "{\"inject_fault\": \"worker_error\", \"fault_matching\": \"dead.pdf#page=2\","
                + " \"fault_times\": 2}");
    api.awaitFinished(id, Duration.ofMinutes(2));
    JsonObject partial = results(id).getJsonObject(0);
    assertEquals("completed", partial.getString("status"), partial.toString());
    JsonObject first = partial.getJsonObject("result");
    assertEquals(List.of(2), numbers(first.getJsonArray("failed_pages")), first.toString());
    assertTrue(
        first.getJsonArray("warnings").getJsonObject(0).getString("message").contains("page 2"),
        first.toString());
    JsonObject letter = deadLetterOf(id);
    assertEquals(0, letter.getInt("document_index"), letter.toString());
    assertEquals(2, letter.getInt("page"), "the dead letter names its page: " + letter);
    assertTrue(letter.getString("error").contains("worker_error"), letter.toString());

    assertEquals(
        202, api.post("/dead-letters/" + letter.getString("id") + "/requeue", "").status());
    JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));

    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(1, job.getInt("retries"), job.toString());
    assertEquals(3, job.getInt("pages_done"), job.toString());
    JsonObject read = results(id).getJsonObject(0).getJsonObject("result");
    assertFalse(read.containsKey("failed_pages"), read.toString());
    assertEquals(3, read.getInt("pages_read"), read.toString());
    JsonArray pages = read.getJsonArray("pages");
    assertEquals(
        List.of(1, 2, 3), pages.stream().map(p -> p.asJsonObject().getInt("page")).toList());
    assertCer(OcrDocuments.text(1), pageText(read, pages.getJsonObject(1)));
    assertTrue(
        api.get("/dead-letters").json().getJsonArray("dead_letters").stream()
            .noneMatch(l -> id.equals(l.asJsonObject().getString("job_id", ""))),
        "the requeued dead letter is gone");
  }

  private String submit(String documents, String options) {
    ApiClient.Answer submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \"ocr\", \"documents\": "
                + documents
                + ", \"options\": "
                + options
                + "}");
    assertEquals(202, submitted.status(), submitted.body());
    return submitted.json().getString("job_id");
  }

  private Set<Integer> leasedPages() {
    // A leased entry is compact: its step's shared part is in the queue's steps hash.
    return client.zrange(OCR_QUEUE + ":leases", 0, -1).stream()
        .map(this::leased)
        .map(PartitionRef::properties)
        .filter(properties -> properties.containsKey("page"))
        .map(properties -> Integer.valueOf(properties.get("page")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private PartitionRef leased(String member) {
    String step = PartitionRef.sharedStep(member);
    return step == null
        ? PartitionRef.decode(member)
        : PartitionRef.decode(member, client.hget(OCR_QUEUE + ":steps", step));
  }

  private JsonArray results(String id) {
    return api.get("/jobs/" + id + "/results").json().getJsonArray("results");
  }

  private JsonObject deadLetterOf(String id) {
    return api.get("/dead-letters").json().getJsonArray("dead_letters").stream()
        .map(JsonObject.class::cast)
        .filter(letter -> id.equals(letter.getString("job_id", "")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dead letter of job " + id));
  }

  private static JsonObject completed(JsonArray results, int index) {
    JsonObject outcome = results.getJsonObject(index);
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }

  private static List<Integer> numbers(JsonArray array) {
    return array.getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue).toList();
  }

  private static void assertCer(String expected, String read) {
    assertCer(expected, read, 0.02);
  }

  private static void assertCer(String expected, String read, double limit) {
    double cer = OcrDocuments.characterErrorRate(expected, read);
    assertTrue(cer <= limit, "character error rate " + cer + " over " + limit + ", read: " + read);
  }

  /** A page's text: the document keeps it once, each page points into it. */
  private static String pageText(JsonObject document, JsonObject page) {
    return document.getString("text").substring(page.getInt("text_begin"), page.getInt("text_end"));
  }
}
