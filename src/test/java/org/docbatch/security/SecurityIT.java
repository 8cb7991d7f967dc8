package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.TestCredentials;
import org.docbatch.testing.TestCredentials.Credential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint of the API, called with no credential, a wrong one, an expired token, the right
 * user, another user and an operator: who gets in, who gets 401, 403 or 404, and that no refusal
 * says more than it must.
 */
@ExtendWith(DocbatchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

  private static final Credential WRONG_KEY = Credential.apiKey("dbk_not-a-key-anyone-has");
  private static final Credential EXPIRED =
      Credential.bearer(
          TestCredentials.token("alice", "submitter", Instant.now().minus(Duration.ofHours(2))));
  private static final Credential ALICE_TOKEN =
      Credential.bearer(
          TestCredentials.token("alice", "submitter", Instant.now().plus(Duration.ofHours(1))));

  private Docbatch docbatch;
  private String aliceJob;
  private Path aliceArea;

  /** One endpoint: how to call it, and the least role it needs. */
  private record Endpoint(String method, String path, String body, Role role, boolean aliceOwns) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @BeforeAll
  void aliceHasAFinishedJob(Docbatch docbatch) throws IOException {
    this.docbatch = docbatch;
    aliceArea = Files.createDirectories(docbatch.documentRoot().resolve("users/alice"));
    Files.writeString(aliceArea.resolve("letter.txt"), "Dear Bob, the invoice is attached.");
    Answer submitted = as(TestCredentials.ALICE).post("/jobs", job("letter.txt"));
    assertEquals(202, submitted.status(), submitted.body());
    aliceJob = submitted.json().getString("job_id");
    as(TestCredentials.ALICE).awaitFinished(aliceJob, Duration.ofMinutes(2));
  }

  private List<Endpoint> endpoints() {
    String job = "/jobs/" + aliceJob;
    return List.of(
        new Endpoint("GET", "/jobs", null, Role.SUBMITTER, false),
        new Endpoint("POST", "/jobs", job("letter.txt"), Role.SUBMITTER, false),
        new Endpoint("GET", job, null, Role.SUBMITTER, true),
        new Endpoint("GET", job + "/results", null, Role.SUBMITTER, true),
        new Endpoint("DELETE", job, null, Role.SUBMITTER, true),
        new Endpoint("POST", job + "/retry", "", Role.SUBMITTER, true),
        new Endpoint("POST", "/documents", null, Role.SUBMITTER, false),
        new Endpoint("GET", "/dead-letters", null, Role.OPERATOR, false),
        new Endpoint("POST", "/dead-letters/dl-none/requeue", "", Role.OPERATOR, false),
        new Endpoint("DELETE", "/dead-letters/dl-none", null, Role.OPERATOR, false),
        new Endpoint("GET", "/nodes", null, Role.OPERATOR, false),
        new Endpoint("GET", "/metrics", null, Role.OPERATOR, false),
        new Endpoint("GET", "/metrics/history", null, Role.OPERATOR, false),
        new Endpoint("GET", "/events", null, Role.OPERATOR, false),
        new Endpoint("GET", "/config", null, Role.ADMIN, false),
        new Endpoint("GET", "/config/default", null, Role.ADMIN, false),
        new Endpoint("GET", "/workers", null, Role.OPERATOR, false),
        new Endpoint(
            "POST",
            "/workers/no_such_type/lease",
            "{\"worker_id\":\"w\",\"wait_seconds\":0}",
            Role.WORKER,
            false),
        new Endpoint(
            "POST", "/tasks/x:0/heartbeat", "{\"lease_token\":\"x\"}", Role.WORKER, false));
  }

  @TestFactory
  Stream<DynamicTest> noCredentialAWrongOneOrAnExpiredTokenGets401() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      for (Credential bad : List.of(Credential.NONE, WRONG_KEY, EXPIRED)) {
        tests.add(
            DynamicTest.dynamicTest(
                endpoint + " with " + describe(bad),
                () -> {
                  Answer answer = call(endpoint, bad);
                  assertProblem(answer, 401, "unauthenticated");
                  assertNotNull(answer.header("WWW-Authenticate"), "names the schemes");
                  if (bad == EXPIRED) {
                    assertTrue(answer.body().contains("expired"), answer.body());
                  }
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> theRightUserGetsInAnotherUserDoesNotAndAnOperatorSeesEveryJob() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      tests.add(
          DynamicTest.dynamicTest(
              endpoint + ": the right user",
              () -> assertAllowed(endpoint, rightUser(endpoint.role()))));
      tests.add(
          DynamicTest.dynamicTest(
              endpoint + ": another user",
              () -> {
                if (endpoint.aliceOwns()) {
                  // Bob learns nothing: the job is as missing as one that never was.
                  assertProblem(call(endpoint, TestCredentials.BOB), 404, "job_not_found");
                } else if (endpoint.role() != Role.SUBMITTER) {
                  Credential below =
                      endpoint.role() == Role.ADMIN
                          ? TestCredentials.OPERATOR
                          : TestCredentials.BOB;
                  assertProblem(call(endpoint, below), 403, "forbidden");
                }
                if (endpoint.role() != Role.WORKER) {
                  // A worker machine's key reads no job, no node, no configuration.
                  assertProblem(call(endpoint, TestCredentials.WORKER), 403, "forbidden");
                }
              }));
      tests.add(
          DynamicTest.dynamicTest(
              endpoint + ": an operator",
              () -> {
                if (endpoint.role() == Role.ADMIN || endpoint.role() == Role.WORKER) {
                  assertProblem(call(endpoint, TestCredentials.OPERATOR), 403, "forbidden");
                } else {
                  assertAllowed(endpoint, TestCredentials.OPERATOR);
                }
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> aBearerTokenWorksLikeAnApiKeyAndForgedOnesDoNot() {
    String in1h = Long.toString(Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
    String claims =
        "{\"iss\":\""
            + TestCredentials.JWT_ISSUER
            + "\",\"upn\":\"alice\",\"groups\":[\"admin\"],\"exp\":"
            + in1h
            + "}";
    return Stream.of(
        DynamicTest.dynamicTest(
            "alice's token reads alice's job",
            () -> assertEquals(200, as(ALICE_TOKEN).get("/jobs/" + aliceJob).status())),
        DynamicTest.dynamicTest(
            "a token signed with another secret",
            () ->
                assertProblem(
                    as(bearer(
                            TestCredentials.token(
                                "{\"alg\":\"HS256\"}",
                                claims,
                                "someone-elses-secret-of-more-than-32-bytes")))
                        .get("/config"),
                    401,
                    "unauthenticated")),
        DynamicTest.dynamicTest(
            "an unsigned token (alg none)",
            () -> {
              String signed = TestCredentials.token("{\"alg\":\"none\"}", claims, "x");
              String unsigned = signed.substring(0, signed.lastIndexOf('.') + 1);
              assertProblem(as(bearer(unsigned)).get("/config"), 401, "unauthenticated");
            }),
        DynamicTest.dynamicTest(
            "a token of another issuer",
            () ->
                assertProblem(
                    as(bearer(
                            TestCredentials.token(
                                "{\"alg\":\"HS256\"}",
                                claims.replace(TestCredentials.JWT_ISSUER, "https://evil.test"),
                                TestCredentials.JWT_SECRET)))
                        .get("/config"),
                    401,
                    "unauthenticated")));
  }

  @TestFactory
  Stream<DynamicTest> listingsShowOnlyOnesOwnJobsToSubmitters() {
    return Stream.of(
        DynamicTest.dynamicTest(
            "alice sees her job",
            () -> assertTrue(listing(TestCredentials.ALICE).contains(aliceJob))),
        DynamicTest.dynamicTest(
            "bob does not", () -> assertFalse(listing(TestCredentials.BOB).contains(aliceJob))),
        DynamicTest.dynamicTest(
            "an operator does",
            () -> assertTrue(listing(TestCredentials.OPERATOR).contains(aliceJob))),
        DynamicTest.dynamicTest(
            "the job names its owner",
            () ->
                assertEquals(
                    "alice",
                    as(TestCredentials.OPERATOR)
                        .get("/jobs/" + aliceJob)
                        .json()
                        .getString("owner"))));
  }

  private String listing(Credential credential) {
    Answer answer = as(credential).get("/jobs?limit=1000");
    assertEquals(200, answer.status(), answer.body());
    return answer.body();
  }

  private void assertAllowed(Endpoint endpoint, Credential credential) throws Exception {
    Answer answer = call(endpoint, credential);
    assertFalse(
        answer.status() == 401 || answer.status() == 403,
        endpoint + " refused " + describe(credential) + ": " + answer.body());
    if (endpoint.aliceOwns() || endpoint.role() == Role.SUBMITTER) {
      assertFalse(
          answer.status() == 404 && answer.body().contains("job_not_found"),
          endpoint + " hid the job from " + describe(credential));
    }
  }

  /** The least credential that should get in: alice for her jobs, else the role's test user. */
  private static Credential rightUser(Role role) {
    return switch (role) {
      case SUBMITTER -> TestCredentials.ALICE;
      case OPERATOR -> TestCredentials.OPERATOR;
      case ADMIN -> TestCredentials.ADMIN;
      case WORKER -> TestCredentials.WORKER;
    };
  }

  private Answer call(Endpoint endpoint, Credential credential) throws Exception {
    ApiClient api = as(credential);
    if (endpoint.path().equals("/events")) {
      return events(credential);
    }
    return switch (endpoint.method()) {
      case "GET" -> api.get(endpoint.path());
      case "DELETE" -> api.delete(endpoint.path());
      default ->
          endpoint.path().equals("/documents")
              ? api.upload(uploadable())
              : api.post(endpoint.path(), endpoint.body());
    };
  }

  /** The event stream never ends: only its status and first headers are read. */
  private Answer events(Credential credential) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(docbatch.server().api("/events")).timeout(Duration.ofSeconds(10));
    if (credential.header() != null) {
      request.header(credential.header(), credential.value());
    }
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (var body = response.body()) {
      String text = response.statusCode() == 200 ? "" : new String(body.readAllBytes(), "UTF-8");
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          null,
          null,
          text,
          response.headers());
    }
  }

  private Path uploadable() throws IOException {
    return Files.writeString(
        Files.createTempDirectory("security-it").resolve("note.txt"), "a short note");
  }

  private void assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals(code, answer.json().getString("code"), answer.body());
    assertLeaksNothing(answer);
  }

  /** No refusal names a server path, a stack frame, or another user's job. */
  private void assertLeaksNothing(Answer answer) {
    String body = answer.body();
    assertFalse(body.contains(docbatch.documentRoot().toString()), body);
    assertFalse(body.contains("at org.") || body.contains("Exception"), body);
    if (answer.status() == 401 || answer.status() == 403) {
      assertFalse(body.contains("letter.txt"), body);
    }
  }

  private ApiClient as(Credential credential) {
    return docbatch.api().as(credential);
  }

  private static Credential bearer(String token) {
    return Credential.bearer(token);
  }

  private static String describe(Credential credential) {
    if (credential == Credential.NONE) {
      return "no credential";
    }
    if (credential == WRONG_KEY) {
      return "a wrong key";
    }
    if (credential == EXPIRED) {
      return "an expired token";
    }
    return credential.value().length() > 24
        ? credential.value().substring(0, 24) + "..."
        : credential.value();
  }

  static String job(String document) {
    return "{\"job_type\":\"validation\",\"documents\":[\"" + document + "\"]}";
  }
}
