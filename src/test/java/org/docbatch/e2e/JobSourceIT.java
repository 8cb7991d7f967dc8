package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.OpenApiDocument;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
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

/**
 * Jobs whose documents are listed from an {@code s3://} prefix or a manifest (issue 20), on real
 * nodes over a real S3-compatible store (S3Proxy): what is listed and in which order, listing
 * progress, refused sources, and a node killed with {@code kill -9} in the middle of a listing.
 * Noop jobs (each run still reads its document, from the store for an {@code s3://} one): what
 * matters is what each job recorded, one result per document it listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobSourceIT {

  /** Objects under {@code bulk/}: enough that listing them takes a few pages and seconds. */
  private static final int BULK = 3_000;

  private static final Duration FINISH = Duration.ofMinutes(3);

  private S3ProxyServer s3;
  private RedisServer redis;
  private OwnNode.Builder nodes;
  private OwnNode node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    nodes =
        OwnNode.in("job-source")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_MAX_RETRIES", "0")
            .with("S3_ALLOWED", "s3://scans/")
            .with("MAX_DOCUMENTS_PER_JOB", Integer.toString(BULK))
            .with("NODE_HEARTBEAT_INTERVAL", "1")
            .with("NODE_TIMEOUT", "3");
    s3 = S3ProxyServer.start(nodes.work().resolve("s3"));
    s3.environment().forEach(nodes::with);
    s3.createBucket("scans");
    try (S3Client client = s3.client()) {
      for (String key :
          List.of(
              "2026/11/a.pdf",
              "2026/11/b.txt",
              "2026/11/sub/c.pdf",
              "2026/11/sub/d.PDF",
              "2026/11/z.pdf",
              "2026/12/other.pdf",
              "users/alice/mine.pdf")) {
        client.putObject(b -> b.bucket("scans").key(key), RequestBody.fromString(key));
      }
      putBulk(client);
    }
    redis = RedisServer.start(nodes.work().resolve("redis"));
    nodes.on(redis);
    Files.createDirectories(nodes.documents().resolve("local"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(nodes.documents().resolve("local/m" + i + ".txt"), "manifest " + i);
    }
    node = nodes.with("NODE_ID", "survivor").start();
    api = node.api();
  }

  /** {@code bulk/00000.txt}...: small objects, put by 16 threads so that setup stays short. */
  private static void putBulk(S3Client client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < BULK; i++) {
        String key = bulkKey(i);
        puts.add(
            pool.submit(
                () ->
                    client.putObject(
                        b -> b.bucket("scans").key(key), RequestBody.fromString(key))));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String bulkKey(int i) {
    return String.format("bulk/%05d.txt", i);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void aPrefixWithAGlobListsOnlyTheMatchingObjectsInKeyOrder() throws Exception {
    Answer submitted =
        api.post(
            "/jobs",
            "{\"job_type\": \"noop\", \"source\": {\"prefix\": \"s3://scans/2026/11/\","
                + " \"glob\": \"**/*.pdf\"}}");
    assertEquals(202, submitted.status(), submitted.body());
    JsonObject job = submitted.json();
    assertEquals("s3://scans/2026/11/", job.getJsonObject("source").getString("prefix"));
    assertTrue(job.containsKey("listing"), job.toString());

    JsonObject done = api.awaitFinished(job.getString("job_id"), FINISH);
    assertEquals(3, done.getInt("total_tasks"), done.toString());
    assertEquals("COMPLETED", done.getString("status"), done.toString());
    assertEquals(3, done.getInt("completed_tasks"), "the workers read each object: " + done);
    assertEquals(
        new JsonObjectView(3, true), JsonObjectView.of(done.getJsonObject("listing")), "listing");
    assertEquals(List.of(), violations("POST /api/jobs", 202, submitted.body()));
    assertEquals(List.of(), violations("GET /api/jobs/{id}", 200, done.toString()));
    assertEquals(
        List.of(
            "s3://scans/2026/11/a.pdf", "s3://scans/2026/11/sub/c.pdf", "s3://scans/2026/11/z.pdf"),
        documentsOf(job.getString("job_id")));
  }

  @Test
  @Order(2)
  void manifestsAsObjectsAndAsUploadsInBothFormats() throws IOException {
    String jsonl =
        "{\"document\": \"local/m0.txt\"}\n\n{\"document\": \"s3://scans/2026/12/other.pdf\", \"x\": 1}\n"
            + "{\"document\": \"local/m2.txt\"}\n";
    String csv = "id,document\n1,local/m2.txt\n2,\"local/m1.txt\"\n";
    try (S3Client client = s3.client()) {
      client.putObject(
          b -> b.bucket("scans").key("lists/list.jsonl"), RequestBody.fromString(jsonl));
      client.putObject(b -> b.bucket("scans").key("lists/list.csv"), RequestBody.fromString(csv));
    }
    List<String> fromJsonl =
        List.of("local/m0.txt", "s3://scans/2026/12/other.pdf", "local/m2.txt");
    List<String> fromCsv = List.of("local/m2.txt", "local/m1.txt");

    assertEquals(fromJsonl, documentsOf(finished(manifestJob("s3://scans/lists/list.jsonl"))));
    assertEquals(fromCsv, documentsOf(finished(manifestJob("s3://scans/lists/list.csv"))));
    assertEquals(fromJsonl, documentsOf(finished(manifestJob(upload("list.jsonl", jsonl)))));
    assertEquals(fromCsv, documentsOf(finished(manifestJob(upload("list.csv", csv)))));

    // The local documents ran (noop reads them); the listed references are the job's.
    JsonObject csvJob = api.get("/jobs/" + manifestJob(upload("again.csv", csv))).json();
    JsonObject done = api.awaitFinished(csvJob.getString("job_id"), FINISH);
    assertEquals("COMPLETED", done.getString("status"), done.toString());
    assertEquals(2, done.getInt("completed_tasks"), done.toString());
  }

  @Test
  @Order(3)
  void aBadManifestLineOrTooManyDocumentsFailTheJobClearly() throws IOException {
    String bad = "{\"document\": \"local/m0.txt\"}\n{\"doc\": \"local/m1.txt\"}\n";
    JsonObject failed = api.awaitFinished(manifestJob(upload("bad.jsonl", bad)), FINISH);
    assertEquals("FAILED", failed.getString("status"), failed.toString());
    assertTrue(
        failed.getString("error").contains("line 2 of the manifest")
            && failed.getString("error").contains("has no \"document\""),
        failed.toString());
    assertEquals(0, failed.getInt("total_tasks"), "nothing ran: " + failed);

    StringBuilder many = new StringBuilder("document\n");
    for (int i = 0; i <= BULK; i++) {
      many.append("local/m0.txt\n");
    }
    JsonObject tooMany =
        api.awaitFinished(manifestJob(upload("many.csv", many.toString())), FINISH);
    assertEquals("FAILED", tooMany.getString("status"), tooMany.toString());
    assertTrue(
        tooMany.getString("error").contains("more than " + BULK + " documents")
            && tooMany.getString("error").contains("MAX_DOCUMENTS_PER_JOB"),
        tooMany.toString());
    assertEquals(0, tooMany.getInt("completed_tasks"), tooMany.toString());

    JsonObject none =
        api.awaitFinished(
            submit("{\"prefix\": \"s3://scans/2026/11/\", \"glob\": \"*.docx\"}"), FINISH);
    assertEquals("FAILED", none.getString("status"), none.toString());
    assertTrue(none.getString("error").contains("no object matching the glob"), none.toString());
  }

  @Test
  @Order(4)
  void sourcesOutsideTheCallersPrefixesOrMalformedAreRefused() {
    ApiClient alice = api.as(TestCredentials.ALICE);
    assertProblem(
        api.post("/jobs", job("{\"prefix\": \"s3://elsewhere/2026/\"}")),
        403,
        "document_outside_root");
    assertProblem(
        api.post("/jobs", job("{\"manifest\": \"s3://elsewhere/list.jsonl\"}")),
        403,
        "document_outside_root");
    assertProblem(
        alice.post("/jobs", job("{\"prefix\": \"s3://scans/2026/\"}")),
        403,
        "document_outside_root");
    Answer mine = alice.post("/jobs", job("{\"prefix\": \"s3://scans/users/alice/\"}"));
    assertEquals(202, mine.status(), mine.body());
    assertProblem(
        api.post(
            "/jobs",
            "{\"job_type\": \"noop\", \"documents\": [\"local/m0.txt\"],"
                + " \"source\": {\"prefix\": \"s3://scans/2026/\"}}"),
        400,
        "documents_and_source");
    assertProblem(api.post("/jobs", "{\"job_type\": \"noop\"}"), 400, "invalid_documents");
    assertProblem(
        api.post("/jobs", job("{\"prefix\": \"s3://scans/\", \"glob\": \"{a,b\"}")),
        400,
        "invalid_source");
    assertProblem(api.post("/jobs", job("{\"prefix\": \"/etc/\"}")), 400, "invalid_source");
    assertProblem(
        api.post("/jobs", job("{\"prefix\": \"s3://scans/\", \"manifest\": \"x\"}")),
        400,
        "invalid_source");
    assertProblem(
        api.post("/jobs", job("{\"manifest\": \"doc_00000000000000000000000000000000\"}")),
        422,
        "document_not_found");
    api.awaitFinished(mine.json().getString("job_id"), FINISH);
    assertEquals(
        List.of("s3://scans/users/alice/mine.pdf"), documentsOf(mine.json().getString("job_id")));
  }

  /**
   * A node killed with {@code kill -9} while it lists a prefix: the job is taken over by the other
   * node, whose listing resumes after the last documents appended; every object is in the job
   * exactly once, in key order.
   */
  @Test
  @Order(5)
  void aListingKilledMidwayResumesOnAnotherNodeWithEachObjectOnce() throws IOException {
    String id;
    try (OwnNode doomed = nodes.with("NODE_ID", "doomed").start()) {
      ApiClient doomedApi = doomed.api();
      Answer submitted =
          doomedApi.post("/jobs", job("{\"prefix\": \"s3://scans/bulk/\", \"glob\": \"*.txt\"}"));
      assertEquals(202, submitted.status(), submitted.body());
      id = submitted.json().getString("job_id");
      // Growing, visible, before its end: listed documents but no total yet.
      JsonObject listing =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () -> doomedApi.get("/jobs/" + id).json(),
                  j -> j.getJsonObject("listing").getInt("listed") > 0);
      assertFalse(listing.getJsonObject("listing").getBoolean("listing_done"), listing.toString());
      assertEquals(0, listing.getInt("total_tasks"), listing.toString());
      doomed.server().kill();
    }
    JsonObject done = api.awaitFinished(id, FINISH);
    assertEquals(1, done.getInt("recoveries"), done.toString());
    assertEquals(BULK, done.getInt("total_tasks"), done.toString());
    assertEquals(BULK, done.getInt("completed_tasks"), done.toString());
    assertEquals(
        IntStream.range(0, BULK).mapToObj(i -> "s3://scans/" + bulkKey(i)).toList(),
        documentsOf(id));
    String log = Files.readString(node.server().log(), StandardCharsets.UTF_8);
    assertTrue(
        Pattern.compile(
                "DOCBATCH-1760 Listing the documents of job "
                    + id
                    + " from .*, resuming after [1-9]\\d* listed")
            .matcher(log)
            .find(),
        "the survivor resumed the listing rather than starting again");
  }

  private String manifestJob(String manifest) {
    return submit("{\"manifest\": \"" + manifest + "\"}");
  }

  private String submit(String source) {
    Answer answer = api.post("/jobs", job(source));
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }

  private static String job(String source) {
    return "{\"job_type\": \"noop\", \"source\": " + source + "}";
  }

  private String finished(String id) {
    api.awaitFinished(id, FINISH);
    return id;
  }

  private String upload(String name, String content) throws IOException {
    Path file = Files.createDirectories(nodes.work().resolve("manifests")).resolve(name);
    Files.writeString(file, content);
    Answer answer = api.upload(file);
    assertTrue(answer.status() == 200 || answer.status() == 201, answer.body());
    return answer.json().getJsonArray("documents").getJsonObject(0).getString("document_id");
  }

  /** The job's documents in index order, as its results record them. */
  private List<String> documentsOf(String id) {
    List<String> documents = new ArrayList<>();
    for (int offset = 0; ; offset += 1000) {
      JsonObject page = api.get("/jobs/" + id + "/results?offset=" + offset + "&limit=1000").json();
      for (JsonValue result : page.getJsonArray("results")) {
        assertEquals(documents.size(), result.asJsonObject().getInt("index"), result.toString());
        documents.add(result.asJsonObject().getString("document"));
      }
      if (!page.containsKey("next")) {
        return documents;
      }
    }
  }

  /** What the OpenAPI document the node serves finds wrong with an answer of {@code operation}. */
  private List<String> violations(String operation, int status, String body) throws Exception {
    String apiBase = node.server().api("").toString();
    URI document =
        URI.create(
            apiBase.substring(0, apiBase.length() - "/api".length()) + "/openapi?format=JSON");
    String json =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(document).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    OpenApiDocument openApi;
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      openApi = new OpenApiDocument(reader.readObject());
    }
    JsonObject schema = openApi.answerSchema(operation, status, "application/json").orElseThrow();
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return openApi.schemaCheck().violations(reader.readValue(), schema);
    }
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals(code, answer.json().getString("code"), answer.body());
  }

  /** A job's {@code listing}, compared whole. */
  private record JsonObjectView(int listed, boolean done) {
    static JsonObjectView of(JsonObject listing) {
      return new JsonObjectView(listing.getInt("listed"), listing.getBoolean("listing_done"));
    }
  }
}
