package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every kind of bad request gets a 4xx problem+json answer that names the problem, never a 500. */
@ExtendWith(DocbatchExtension.class)
class BadRequestIT {

  private Docbatch docbatch;

  @BeforeEach
  void setUp(Docbatch docbatch) throws IOException {
    this.docbatch = docbatch;
    Files.writeString(docbatch.documentRoot().resolve("ok.txt"), "a readable document\n");
  }

  @Test
  void malformedJson() {
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\""), 400, "malformed_json");
  }

  @Test
  void bodyThatIsNotAnObject() {
    assertProblem(post("[1, 2]"), 400, "invalid_request");
    assertProblem(post(""), 400, "empty_body");
  }

  @Test
  void unknownJobType() {
    Answer answer = post("{\"job_type\": \"teleport\", \"documents\": [\"ok.txt\"]}");
    JsonObject problem = assertProblem(answer, 400, "unknown_job_type");
    assertTrue(
        problem.getString("detail").contains("validation"), "names the known types: " + problem);
  }

  @Test
  void priorityOutOfRangeOrNotAnInteger() {
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\"], \"priority\": 11}"),
        400,
        "invalid_priority");
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\"], \"priority\": -11}"),
        400,
        "invalid_priority");
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\"], \"priority\": 2.5}"),
        400,
        "invalid_priority");
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\"], \"priority\": \"high\"}"),
        400,
        "invalid_priority");
  }

  @Test
  void badOptionsAreRefusedBeforeTheJobRuns() {
    JsonObject problem =
        assertProblem(
            post(
                "{\"job_type\": \"preprocessing\", \"documents\": [\"ok.txt\"], \"options\": {\"dpi\": 5000}}"),
            400,
            "invalid_option");
    assertTrue(problem.getString("detail").contains("dpi"), problem.toString());
    assertProblem(
        post(
            "{\"job_type\": \"validation\", \"documents\": [\"ok.txt\"], \"options\": {\"max_file_size_mb\": \"big\"}}"),
        400,
        "invalid_option");
  }

  @Test
  void emptyOrMissingDocuments() {
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": []}"), 400, "empty_documents");
    assertProblem(post("{\"job_type\": \"validation\"}"), 400, "invalid_documents");
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [42]}"), 400, "invalid_documents");
  }

  @Test
  void moreDocumentsThanMaxQueueSize() {
    String documents =
        IntStream.range(0, 2001).mapToObj(i -> "\"ok.txt\"").collect(Collectors.joining(","));
    Answer answer = post("{\"job_type\": \"validation\", \"documents\": [" + documents + "]}");
    JsonObject problem = assertProblem(answer, 413, "too_many_documents");
    assertTrue(problem.getString("detail").contains("MAX_QUEUE_SIZE"), problem.toString());
  }

  @Test
  void severalProblemsAreReportedTogether() {
    JsonObject problem =
        assertProblem(
            post("{\"job_type\": \"nope\", \"documents\": [], \"priority\": 99, \"colour\": 1}"),
            400,
            "invalid_request");
    assertEquals(4, problem.getJsonArray("errors").size(), problem.toString());
  }

  @Test
  void pathsOutsideTheDocumentRoot() throws IOException {
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"../../etc/passwd\"]}"),
        422,
        "document_outside_root");
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"/etc/passwd\"]}"),
        422,
        "document_outside_root");
    Path link = docbatch.documentRoot().resolve("escape.txt");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of("/etc/hostname"));
    assertProblem(
        post("{\"job_type\": \"validation\", \"documents\": [\"escape.txt\"]}"),
        422,
        "document_outside_root");
  }

  @Test
  void missingFilesAreNamed() {
    JsonObject problem =
        assertProblem(
            post("{\"job_type\": \"validation\", \"documents\": [\"ok.txt\", \"nowhere.pdf\"]}"),
            422,
            "document_not_found");
    assertTrue(problem.getString("detail").contains("nowhere.pdf"), problem.toString());
    assertEquals(
        "documents[1]", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void unknownJobIds() {
    assertProblem(docbatch.api().get("/jobs/no-such-job"), 404, "job_not_found");
    assertProblem(docbatch.api().get("/jobs/no-such-job/results"), 404, "job_not_found");
    assertProblem(docbatch.api().delete("/jobs/no-such-job"), 404, "job_not_found");
    assertProblem(docbatch.api().post("/jobs/no-such-job/retry", ""), 404, "job_not_found");
  }

  @Test
  void badQueryParameters() {
    assertProblem(docbatch.api().get("/jobs?status=SLEEPING"), 400, "invalid_status");
    assertProblem(docbatch.api().get("/jobs?limit=0"), 400, "invalid_page");
  }

  @Test
  void unknownPathsAndMethods() {
    assertProblem(docbatch.api().get("/nothing-here"), 404, "not_found");
    assertProblem(docbatch.api().delete("/jobs"), 405, "method_not_allowed");
  }

  @Test
  void uploadWithoutAFile() {
    assertProblem(docbatch.api().post("/documents", "{}"), 415, "unsupported_media_type");
  }

  @Test
  void brokenMultipartIsRefusedWith400() {
    assertProblem(
        docbatch.api().postRaw("/documents", "multipart/form-data", "--x\r\n\r\nno boundary"),
        400,
        "invalid_multipart");
    String tooManyHeaders =
        "--xyz\r\n"
            + "X-Filler: 1\r\n".repeat(100)
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n--xyz--\r\n";
    assertProblem(
        docbatch.api().postRaw("/documents", "multipart/form-data; boundary=xyz", tooManyHeaders),
        400,
        "invalid_multipart");
  }

  /**
   * Browsers and curl send a file name that is not ASCII as UTF-8 (RFC 7578 4.2): read so, each
   * character is one character, which the library then replaces as it replaces every character
   * outside its safe set (read byte by byte, "Ü" would have been two).
   */
  @Test
  void anUploadedFileNameIsReadAsUtf8() throws IOException {
    Path file = Files.writeString(docbatch.documentRoot().resolve("plain.txt"), "Grüße\n");

    Answer uploaded = docbatch.api().upload(file, "Übersicht 東京.txt");

    assertEquals(201, uploaded.status(), uploaded.body());
    assertEquals(
        "_bersicht___.txt",
        uploaded.json().getJsonArray("documents").getJsonObject(0).getString("filename"));
  }

  private Answer post(String json) {
    return docbatch.api().post("/jobs", json);
  }

  private static JsonObject assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    JsonObject problem = answer.json();
    assertEquals(code, problem.getString("code"), problem.toString());
    assertEquals(status, problem.getInt("status"));
    assertTrue(!problem.getString("detail").isBlank());
    return problem;
  }
}
