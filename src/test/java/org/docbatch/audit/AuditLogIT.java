package org.docbatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.docbatch.json.Json;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.docbatch.testing.TestCredentials.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.RedisClient;

/**
 * The audit log of a node of its own (short JOB_TTL, low limits): each kind of request finds its
 * line with the right fields, refused ones included, and the lines outlive the jobs they name. Also
 * the request limits: body size, documents per job, files and bytes per upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogIT {

  private static final Credential WRONG_KEY = Credential.apiKey("dbk_not-a-key-anyone-has");
  private static final String EXPIRED_TOKEN =
      TestCredentials.token("alice", "submitter", Instant.now().minus(Duration.ofHours(2)));
  private static final String ALICE_TOKEN =
      TestCredentials.token("alice", "submitter", Instant.now().plus(Duration.ofHours(1)));
  private static final String CAROL_TOKEN =
      TestCredentials.token("carol", "submitter", Instant.now().plus(Duration.ofHours(1)));

  /** Requests one user may send a minute on this node. */
  private static final int RATE_LIMIT = 120;

  private OwnNode node;
  private DocbatchServer server;
  private ApiClient api;
  private Path work;
  private Path auditFile;
  private Path aliceArea;

  @BeforeAll
  void startANodeOfItsOwn() throws IOException {
    OwnNode.Builder audited = OwnNode.in("audit-log");
    work = audited.work();
    aliceArea = Files.createDirectories(work.resolve("documents/users/alice"));
    NoopJobs.writeDocuments(aliceArea, "a", 5);
    Files.createDirectories(work.resolve("documents/users/bob"));
    Files.writeString(work.resolve("documents/users/bob/x.txt"), "Bob's own letter");
    Path nodeFolder = work.resolve("node");
    Files.deleteIfExists(nodeFolder.resolve("data/audit/audit.log"));
    node =
        audited
            .serverFolder("node")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NODE_ID", "node-a")
            .with("JOB_TTL", "3")
            .with("RATE_LIMIT_PER_MINUTE", Integer.toString(RATE_LIMIT))
            .with("MAX_REQUEST_SIZE_KB", "16")
            .with("MAX_DOCUMENTS_PER_JOB", "3")
            .with("MAX_UPLOAD_FILES", "2")
            // Above Undertow's own default limit (10 MB), which must no longer cut uploads short.
            .with("MAX_UPLOAD_SIZE_MB", "12")
            .start();
    server = node.server();
    api = node.api();
    // The node's working directory is node/: the default AUDIT_LOG_FILE is relative to it.
    auditFile = nodeFolder.resolve("data/audit/audit.log");
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void noCredentialAWrongKeyAndAnExpiredTokenAreRecordedWithoutAUser() {
    String path = "/jobs?marker=" + UUID.randomUUID();
    assertEquals(401, api.as(Credential.NONE).get(path).status());
    assertEquals(401, api.as(WRONG_KEY).get("/jobs/job-of-nobody-1").status());
    assertEquals(401, api.as(Credential.bearer(EXPIRED_TOKEN)).get("/nodes").status());

    JsonObject none = line(l -> l.getString("credential").equals("none"), "jobs.list", 401);
    JsonObject wrong = line(l -> "job-of-nobody-1".equals(text(l, "job_id")), "job.read", 401);
    JsonObject expired = line(l -> l.getString("credential").equals("bearer"), "nodes.list", 401);
    for (JsonObject line : List.of(none, wrong, expired)) {
      assertEquals(JsonValue.NULL, line.get("user"), line.toString());
      assertEquals(JsonValue.NULL, line.get("role"), line.toString());
      assertEquals("refused", line.getString("outcome"));
      assertEquals("unauthenticated", line.getString("code"));
      assertEquals("node-a", line.getString("node"));
      assertEquals("127.0.0.1", line.getString("remote"));
      assertFalse(line.toString().contains("marker"), "no query string: " + line);
    }
    assertEquals("api_key", wrong.getString("credential"));
    assertTrue(expired.getString("detail").contains("expired"), expired.toString());
  }

  @Test
  void theRightUserAnotherUserAndAnOperatorAreRecordedWithTheJob() {
    // given alice's job, submitted with a token
    Answer submitted = api.as(Credential.bearer(ALICE_TOKEN)).post("/jobs", job("a-0.txt"));
    assertEquals(202, submitted.status(), submitted.body());
    String job = submitted.json().getString("job_id");
    // when alice reads it, bob tries to, and an operator cancels it
    assertEquals(200, api.as(TestCredentials.ALICE).get("/jobs/" + job).status());
    assertEquals(404, api.as(TestCredentials.BOB).get("/jobs/" + job).status());
    int cancelled = api.as(TestCredentials.OPERATOR).delete("/jobs/" + job).status();

    // then each has its line, naming the job
    JsonObject submit = line(forJob(job), "job.submit", 202);
    assertEquals("alice", submit.getString("user"));
    assertEquals("submitter", submit.getString("role"));
    assertEquals("token", submit.getString("via"));
    assertEquals("POST", submit.getString("method"));
    assertEquals("/jobs", submit.getString("path"));
    assertEquals("ok", submit.getString("outcome"));
    assertEquals(JsonValue.NULL, submit.get("code"));
    assertTrue(Instant.parse(submit.getString("time")).isBefore(Instant.now()));

    JsonObject read = line(forJob(job), "job.read", 200);
    assertEquals("alice", read.getString("user"));
    assertEquals("api_key", read.getString("via"));

    JsonObject other = line(forJob(job), "job.read", 404);
    assertEquals("bob", other.getString("user"));
    assertEquals("job_not_found", other.getString("code"));
    assertEquals("refused", other.getString("outcome"));

    JsonObject cancel = line(forJob(job), "job.cancel", cancelled);
    assertEquals("operator", cancel.getString("user"));
    assertEquals("operator", cancel.getString("role"));
  }

  @Test
  void aTraversalAttemptIsRefusedAndRecordedWithoutTheServersPaths() {
    Answer answer = api.as(TestCredentials.ALICE).post("/jobs", job("../bob/x.txt"));

    assertEquals(422, answer.status(), answer.body());
    assertEquals("document_outside_root", answer.json().getString("code"));
    JsonObject line =
        line(
            l -> "alice".equals(text(l, "user")) && "document_outside_root".equals(text(l, "code")),
            "job.submit",
            422);
    assertEquals(JsonValue.NULL, line.get("job_id"));
    assertNoServerPaths(answer.body());
    assertNoServerPaths(line.toString());
  }

  @Test
  void anUnknownPathIsRecordedToo() {
    Answer answer = api.as(TestCredentials.ALICE).get("/no-such-endpoint");

    assertEquals(404, answer.status());
    JsonObject line = line(l -> l.getString("path").equals("/no-such-endpoint"), "unknown", 404);
    // the credential is checked before the path is matched (issue 22): the line names the user
    assertEquals("alice", line.getString("user"));
    assertEquals("api_key", line.getString("credential"));
    assertEquals("not_found", line.getString("code"));
  }

  @Test
  void anOversizeUploadIsAProblemAndIsRecorded() throws Exception {
    // given a file just over MAX_UPLOAD_SIZE_MB (12), and one over Undertow's old 10 MB limit
    Path big = work.resolve("big.bin");
    Files.write(big, new byte[12 * 1024 * 1024 + 1]);
    Path eleven = work.resolve("eleven.bin");
    Files.write(eleven, new byte[11 * 1024 * 1024]);

    Answer refused = api.as(TestCredentials.ALICE).upload(big);
    Answer stored = api.as(TestCredentials.ALICE).upload(eleven);

    assertProblem(refused, 413, "upload_too_large");
    line(l -> "upload_too_large".equals(text(l, "code")), "document.upload", 413);
    assertEquals(201, stored.status(), stored.body());
    String id = stored.json().getJsonArray("documents").getJsonObject(0).getString("document_id");
    JsonObject line = line(l -> l.toString().contains(id), "document.upload", 201);
    assertEquals(List.of(id), line.getJsonArray("documents").getValuesAs(s -> text(s)));
  }

  @Test
  void moreFilesThanAnUploadMayCarryIsAProblem() throws Exception {
    Answer answer = uploadFiles(TestCredentials.ALICE, 3);

    assertProblem(answer, 413, "too_many_files");
    assertTrue(answer.json().getString("detail").contains("MAX_UPLOAD_FILES"));
    assertEquals(201, uploadFiles(TestCredentials.ALICE, 2).status());
    line(l -> "too_many_files".equals(text(l, "code")), "document.upload", 413);
  }

  @Test
  void aJsonBodyOverTheLimitIsRefusedWithOrWithoutAContentLength() throws Exception {
    // 20 KB of valid JSON against MAX_REQUEST_SIZE_KB=16
    String body =
        "{\"job_type\":\"noop\",\"documents\":[\"a-0.txt\"],\"options\":{\"pad\":\""
            + "x".repeat(20 * 1024)
            + "\"}}";
    Answer declared = api.as(TestCredentials.ALICE).post("/jobs", body);
    HttpResponse<String> streamed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.api("/jobs"))
                    .header("X-API-Key", TestCredentials.ALICE_KEY)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertProblem(declared, 413, "request_too_large");
    assertEquals(413, streamed.statusCode(), streamed.body());
    assertEquals("request_too_large", parse(streamed.body()).getString("code"));
    assertTrue(streamed.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    line(l -> "request_too_large".equals(text(l, "code")), "job.submit", 413);
  }

  @Test
  void aJobOfMoreDocumentsThanMaxDocumentsPerJobIsRefused() {
    Answer answer =
        api.as(TestCredentials.ALICE)
            .post("/jobs", job("a-0.txt", "a-1.txt", "a-2.txt", "a-3.txt"));

    assertProblem(answer, 413, "too_many_documents");
    assertTrue(answer.json().getString("detail").contains("MAX_DOCUMENTS_PER_JOB"));
    line(l -> "too_many_documents".equals(text(l, "code")), "job.submit", 413);
  }

  @Test
  void aRateLimitedRequestIsRecorded() {
    ApiClient carol = api.as(Credential.bearer(CAROL_TOKEN));
    Answer last = null;
    for (int i = 0; i <= RATE_LIMIT + 5; i++) {
      last = carol.get("/jobs");
      if (last.status() == 429) {
        break;
      }
    }
    assertNotNull(last);
    assertProblem(last, 429, "rate_limited");
    assertNotNull(last.retryAfter());
    JsonObject line = line(l -> "carol".equals(text(l, "user")), "jobs.list", 429);
    assertEquals("rate_limited", line.getString("code"));
    assertEquals("token", line.getString("via"));
  }

  @Test
  void theLogOutlivesTheJobAndHoldsNoCredential() throws IOException {
    // given a job that finished
    Answer submitted = api.as(TestCredentials.ALICE).post("/jobs", job("a-1.txt"));
    assertEquals(202, submitted.status(), submitted.body());
    String job = submitted.json().getString("job_id");
    // when JOB_TTL (3 s) has passed and Redis has dropped the job
    try (RedisClient client = node.redis().client()) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> client.keys("*" + job + "*").isEmpty());
      // then the API no longer knows it, no audit data lives in Redis, and the file still has it
      assertEquals(404, api.get("/jobs/" + job).status());
      assertEquals(java.util.Set.of(), client.keys("*audit*"));
    }
    JsonObject line = line(forJob(job), "job.submit", 202);
    assertEquals("alice", line.getString("user"));
    String all = Files.readString(auditFile);
    for (String secret :
        List.of(
            TestCredentials.ADMIN_KEY,
            TestCredentials.ALICE_KEY,
            TestCredentials.BOB_KEY,
            TestCredentials.OPERATOR_KEY,
            "dbk_not-a-key-anyone-has",
            ALICE_TOKEN,
            EXPIRED_TOKEN,
            CAROL_TOKEN)) {
      assertFalse(all.contains(secret), "the audit log holds a credential");
    }
    assertFalse(all.contains("xxxxxxxxxx"), "the audit log holds a request body");
    // and the server's own log is kept apart
    assertFalse(Files.readString(server.log()).contains("\"action\":\"job.submit\""));
  }

  // -- helpers

  private static Predicate<JsonObject> forJob(String job) {
    return l -> job.equals(text(l, "job_id"));
  }

  /** The last audit line of this action and status that matches; fails when there is none. */
  private JsonObject line(Predicate<JsonObject> matching, String action, int status) {
    List<JsonObject> lines = new ArrayList<>();
    try {
      for (String text : Files.readAllLines(auditFile)) {
        lines.add(parse(text));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read the audit log " + auditFile, e);
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonObject line = lines.get(i);
      if (action.equals(line.getString("action"))
          && line.getInt("status") == status
          && matching.test(line)) {
        return line;
      }
    }
    throw new AssertionError(
        "no " + action + " line with status " + status + " in " + auditFile + ":\n" + lines);
  }

  private static String text(JsonObject line, String field) {
    return line.get(field) instanceof jakarta.json.JsonString s ? s.getString() : null;
  }

  private static String text(JsonValue value) {
    return ((jakarta.json.JsonString) value).getString();
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static String job(String... documents) {
    var list = Json.createArrayBuilder();
    for (String document : documents) {
      list.add(document);
    }
    return Json.createObjectBuilder()
        .add("job_type", "noop")
        .add("documents", list)
        .build()
        .toString();
  }

  private void assertNoServerPaths(String text) {
    assertFalse(text.contains(work.toString()), "names a server path: " + text);
    assertFalse(text.contains("Exception"), "names an exception: " + text);
    assertFalse(text.contains("\tat "), "has a stack trace: " + text);
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals(code, answer.json().getString("code"), answer.body());
    assertFalse(answer.body().contains("\tat "), answer.body());
  }

  private Answer uploadFiles(Credential credential, int count) throws Exception {
    String boundary = "docbatch-" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < count; i++) {
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f")
          .append(i)
          .append(".txt\"\r\nContent-Type: text/plain\r\n\r\nfile ")
          .append(i)
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.api("/documents"))
                    .header(credential.header(), credential.value())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        null,
        response.headers().firstValue("Retry-After").orElse(null),
        response.body(),
        response.headers());
  }
}
