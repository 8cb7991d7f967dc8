package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.docbatch.security.Allowed;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.JaxRsOperations;
import org.docbatch.testing.OpenApiDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document the server serves at {@code /openapi} (META-INF/openapi.yaml) against what
 * the server really does: the same operations as the JAX-RS resource methods, with their
 * parameters; security on each; and real answers that have every property their documented schema
 * requires, of the documented types.
 */
@ExtendWith(DocbatchExtension.class)
class OpenApiIT {

  private static final Set<String> ROLES = Set.of("worker", "submitter", "operator", "admin");

  private static OpenApiDocument openApi;
  private static URI base;

  /** Fetched once, as a client would: plain HTTP, no credential. */
  @BeforeAll
  static void fetchTheDocument(Docbatch docbatch) throws Exception {
    String api = docbatch.server().api("").toString();
    base = URI.create(api.substring(0, api.length() - "/api".length()));
    HttpResponse<String> json = fetch("/openapi?format=JSON");
    assertEquals(200, json.statusCode(), json.body());
    try (JsonReader reader = Json.createReader(new StringReader(json.body()))) {
      openApi = new OpenApiDocument(reader.readObject());
    }
  }

  @Test
  void theDocumentIsYamlByDefaultAndNeedsNoCredential() throws Exception {
    HttpResponse<String> yaml = fetch("/openapi");

    assertEquals(200, yaml.statusCode(), yaml.body());
    assertTrue(
        yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"),
        yaml.headers().toString());
    assertTrue(yaml.body().contains("openapi: 3.1"), yaml.body());
    assertTrue(openApi.json().getString("openapi").startsWith("3.1"));
  }

  @Test
  void everyResourceMethodIsDocumentedAndEveryDocumentedOperationExists() throws IOException {
    Set<String> implemented = new TreeSet<>();
    JaxRsOperations.of(DocbatchApplication.class).forEach(o -> implemented.add(o.operation()));

    Set<String> documented = openApi.operations();

    assertTrue(
        implemented.contains("POST /api/jobs/{id}/retry"),
        "reflection joins the application's, the class's and the method's paths: " + implemented);
    assertEquals(
        Set.of(),
        difference(implemented, documented),
        "resource methods missing from the document");
    assertEquals(
        Set.of(), difference(documented, implemented), "documented operations no method answers");
  }

  @Test
  void everyOperationDocumentsItsParametersAndBody() throws IOException {
    Map<String, String> drift = new TreeMap<>();

    for (JaxRsOperations.Operation method : JaxRsOperations.of(DocbatchApplication.class)) {
      if (!openApi.operations().contains(method.operation())) {
        continue; // everyResourceMethodIsDocumented... names it
      }
      List<JsonObject> parameters = openApi.parameters(method.operation());
      Set<String> query = names(parameters, "query");
      Set<String> path = names(parameters, "path");
      boolean body = openApi.operation(method.operation()).containsKey("requestBody");
      if (!query.equals(method.queryParameters())) {
        drift.put(
            method.operation() + " query", query + " documented, " + method.queryParameters());
      }
      if (!path.equals(method.pathParameters())) {
        drift.put(method.operation() + " path", path + " documented, " + method.pathParameters());
      }
      if (body != method.hasBody()) {
        drift.put(method.operation() + " body", body + " documented, " + method.hasBody());
      }
    }

    assertEquals(Map.of(), drift);
  }

  @Test
  void eachDocumentedRoleIsTheOneTheCodeEnforces() throws IOException {
    Map<String, String> drift = new TreeMap<>();

    for (JaxRsOperations.Operation method : JaxRsOperations.of(DocbatchApplication.class)) {
      if (!openApi.operations().contains(method.operation())) {
        continue; // everyResourceMethodIsDocumented... names it
      }
      Allowed enforced = AccessFilter.allowed(method.method());
      String documented = openApi.operation(method.operation()).getString("x-docbatch-role", "");
      String code = enforced == null ? "(none)" : enforced.value().label();
      if (!code.equals(documented)) {
        drift.put(method.operation(), documented + " documented, " + code + " enforced");
      }
    }

    assertEquals(Map.of(), drift);
  }

  @Test
  void everyOperationNeedsACredentialAndNamesItsRole() {
    JsonObject schemes =
        openApi.json().getJsonObject("components").getJsonObject("securitySchemes");
    Map<String, String> missing = new TreeMap<>();

    for (String operation : openApi.operations()) {
      JsonObject described = openApi.operation(operation);
      JsonObject responses = described.getJsonObject("responses");
      for (String status : List.of("401", "403", "429")) {
        if (!responses.containsKey(status)) {
          missing.put(operation + " " + status, "not documented");
        }
      }
      String role = described.getString("x-docbatch-role", "");
      if (!ROLES.contains(role)) {
        missing.put(operation + " x-docbatch-role", "'" + role + "', not one of " + ROLES);
      } else if (!described.getString("description", "").contains("Role: " + role)) {
        missing.put(operation + " description", "does not say 'Role: " + role + "'");
      }
      if (described.containsKey("security")
          && !coversEveryRequirement(
              described.getJsonArray("security").getValuesAs(JsonObject.class))) {
        missing.put(operation + " security", "lets a request without a credential in");
      }
    }

    assertEquals("apiKey", schemes.getJsonObject("apiKey").getString("type"));
    assertEquals("header", schemes.getJsonObject("apiKey").getString("in"));
    assertEquals("X-API-Key", schemes.getJsonObject("apiKey").getString("name"));
    assertEquals("http", schemes.getJsonObject("bearerAuth").getString("type"));
    assertEquals("bearer", schemes.getJsonObject("bearerAuth").getString("scheme"));
    assertEquals("JWT", schemes.getJsonObject("bearerAuth").getString("bearerFormat"));
    assertEquals(
        Set.of(Set.of("apiKey"), Set.of("bearerAuth")),
        openApi.json().getJsonArray("security").getValuesAs(JsonObject.class).stream()
            .map(JsonObject::keySet)
            .collect(Collectors.toSet()),
        "either scheme, by default");
    assertTrue(openApi.operations().stream().allMatch(o -> o.split(" ")[1].startsWith("/api/")));
    assertEquals(Map.of(), missing);
  }

  @Test
  void aJobsAnswersMatchTheirSchemas(Docbatch docbatch) throws IOException {
    ApiClient api = docbatch.api();
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("openapi-" + UUID.randomUUID()));
    Files.writeString(folder.resolve("a.txt"), "a document to validate\n");
    String document = folder.getFileName() + "/a.txt";
    List<String> violations = new ArrayList<>();

    Answer submitted =
        api.post("/jobs", "{\"job_type\": \"validation\", \"documents\": [\"" + document + "\"]}");
    violations.addAll(check("POST /api/jobs", submitted, 202));
    String id = submitted.json().getString("job_id");
    api.awaitFinished(id, Duration.ofMinutes(2));
    violations.addAll(check("GET /api/jobs/{id}", api.get("/jobs/" + id), 200));
    Answer results = api.get("/jobs/" + id + "/results");
    violations.addAll(check("GET /api/jobs/{id}/results", results, 200));
    violations.addAll(check("GET /api/jobs", api.get("/jobs?limit=5"), 200));
    violations.addAll(check("GET /api/jobs/{id}/tasks", api.get("/jobs/" + id + "/tasks"), 200));
    violations.addAll(
        check("GET /api/jobs/{id}/tasks", api.get("/jobs/" + id + "/tasks?status=x"), 400));
    violations.addAll(check("GET /api/tasks/{id}", api.get("/tasks/" + id + ":0"), 200));
    violations.addAll(check("GET /api/tasks/{id}", api.get("/tasks/" + id + ":9"), 404));
    violations.addAll(check("GET /api/jobs/{id}", api.get("/jobs/" + UUID.randomUUID()), 404));
    violations.addAll(
        check("POST /api/jobs/{id}/retry", api.post("/jobs/" + id + "/retry", ""), 409));
    violations.addAll(
        check("POST /api/jobs", api.post("/jobs", "{\"job_type\": \"x\", \"priority\": 99}"), 400));
    // A source outside S3_ALLOWED (this node allows none), and one beside documents.
    String prefix = "\"source\": {\"prefix\": \"s3://scans/2026/\"}";
    violations.addAll(
        check(
            "POST /api/jobs",
            api.post("/jobs", "{\"job_type\": \"validation\", " + prefix + "}"),
            403));
    violations.addAll(
        check(
            "POST /api/jobs",
            api.post(
                "/jobs",
                "{\"job_type\": \"validation\", \"documents\": [\"a.txt\"], " + prefix + "}"),
            400));

    assertEquals(
        "completed", results.json().getJsonArray("results").getJsonObject(0).getString("status"));
    assertEquals(List.of(), violations);
  }

  @Test
  void theOtherAnswersMatchTheirSchemas(Docbatch docbatch) throws IOException {
    ApiClient api = docbatch.api();
    Path upload = Files.createTempFile("openapi-upload", ".txt");
    Files.writeString(upload, "uploaded\n");
    List<String> violations = new ArrayList<>();

    violations.addAll(check("POST /api/documents", api.upload(upload), 201));
    violations.addAll(check("GET /api/nodes", api.get("/nodes"), 200));
    violations.addAll(check("GET /api/metrics", api.get("/metrics"), 200));
    violations.addAll(check("GET /api/metrics/history", api.get("/metrics/history"), 200));
    violations.addAll(check("GET /api/dead-letters", api.get("/dead-letters"), 200));
    violations.addAll(check("GET /api/workers", api.get("/workers"), 200));
    violations.addAll(
        check(
            "POST /api/workers/{type}/lease",
            api.post("/workers/none/lease", "{\"worker_id\": \"w\", \"wait_seconds\": 0}"),
            404));
    violations.addAll(
        check(
            "POST /api/tasks/{task_id}/complete",
            api.post("/tasks/x:0/complete", "{\"lease_token\": \"x\", \"result\": {}}"),
            404));
    violations.addAll(
        check("DELETE /api/dead-letters/{id}", api.delete("/dead-letters/none"), 404));
    // An admin's operations: 200 on an open server, 403 to an operator's credential; either way
    // the answer must be the documented one.
    violations.addAll(check("GET /api/config", api.get("/config"), 200));
    violations.addAll(check("GET /api/config/default", api.get("/config/default"), 200));
    violations.addAll(check("GET /api/config", api.get("/config?format=xml"), 400));

    Files.delete(upload);
    assertEquals(List.of(), violations);
  }

  /**
   * Whether the real answer has one of the expected statuses, is documented for that status and
   * media type, and its JSON fits the documented schema.
   */
  private static List<String> check(String operation, Answer answer, int... expected) {
    String where = operation + " answered " + answer.status() + " " + answer.contentType();
    if (Arrays.stream(expected).noneMatch(s -> s == answer.status())) {
      return List.of(where + ", expected " + Arrays.toString(expected) + ": " + answer.body());
    }
    var schema = openApi.answerSchema(operation, answer.status(), answer.contentType());
    if (schema.isEmpty()) {
      return List.of(where + ": that status and media type are not documented");
    }
    JsonValue body;
    try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
      body = reader.readValue();
    }
    return openApi.schemaCheck().violations(body, schema.get()).stream()
        .map(violation -> where + ": " + violation)
        .toList();
  }

  private static boolean coversEveryRequirement(List<JsonObject> requirements) {
    return !requirements.isEmpty() && requirements.stream().noneMatch(JsonObject::isEmpty);
  }

  private static Set<String> names(List<JsonObject> parameters, String in) {
    return parameters.stream()
        .filter(p -> in.equals(p.getString("in")))
        .map(p -> p.getString("name"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> left = new TreeSet<>(a);
    left.removeAll(b);
    return left;
  }

  private static HttpResponse<String> fetch(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
