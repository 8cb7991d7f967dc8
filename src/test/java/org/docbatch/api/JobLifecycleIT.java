package org.docbatch.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.Jsr352History;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user's whole journey over HTTP: submit, follow, read results, cancel, retry, list. */
@ExtendWith(DocbatchExtension.class)
public class JobLifecycleIT {

  private Docbatch docbatch;
  private ApiClient api;
  private Path folder;

  @BeforeEach
  void setUp(Docbatch docbatch) throws IOException {
    this.docbatch = docbatch;
    this.api = docbatch.api();
    this.folder =
        Files.createDirectories(docbatch.documentRoot().resolve("lifecycle-" + UUID.randomUUID()));
  }

  @Test
  void submitFollowAndReadResults() throws IOException {
    List<String> documents = textDocuments(3);

    Answer submitted = api.post("/jobs", jobJson("validation", documents, 5));

    assertEquals(202, submitted.status(), submitted.body());
    JsonObject job = submitted.json();
    String id = job.getString("job_id");
    assertTrue(submitted.location().endsWith("/api/jobs/" + id), submitted.location());
    assertTrue(
        Set.of("PENDING", "QUEUED", "RUNNING", "COMPLETED").contains(job.getString("status")));
    JsonObject finished = awaitFinished(id);
    assertEquals("COMPLETED", finished.getString("status"));
    assertEquals(100, finished.getInt("progress"));
    assertEquals(3, finished.getInt("total_tasks"));
    assertEquals(3, finished.getInt("completed_tasks"));
    assertEquals(0, finished.getInt("failed_tasks"));
    assertEquals(5, finished.getInt("priority"));
    assertNotNull(finished.getString("created_at"));
    assertNotNull(finished.getString("started_at"));
    assertNotNull(finished.getString("finished_at"));

    JsonObject results = api.get("/jobs/" + id + "/results").json();
    assertEquals(3, results.getInt("successful"));
    assertEquals(0, results.getInt("failed"));
    JsonObject first = results.getJsonArray("results").getJsonObject(0);
    assertEquals(documents.get(0), first.getString("document"));
    assertEquals("completed", first.getString("status"));
    assertEquals("text", first.getJsonObject("result").getString("detected_type"));
    assertEquals(64, first.getJsonObject("result").getString("sha256").length());
  }

  @Test
  void aBadDocumentFailsAloneAndARetryRunsOnlyIt() throws IOException {
    List<String> documents = textDocuments(2);
    Path empty = folder.resolve("empty.txt");
    Files.write(empty, new byte[0]);
    String emptyName = folder.getFileName() + "/empty.txt";
    List<String> all = List.of(documents.get(0), emptyName, documents.get(1));

    String id = api.post("/jobs", jobJson("validation", all, 0)).json().getString("job_id");
    JsonObject finished = awaitFinished(id);

    assertEquals(
        "COMPLETED", finished.getString("status"), "one bad document does not fail the job");
    assertEquals(2, finished.getInt("completed_tasks"));
    assertEquals(1, finished.getInt("failed_tasks"));
    JsonObject failed =
        api.get("/jobs/" + id + "/results").json().getJsonArray("results").getJsonObject(1);
    assertEquals("failed", failed.getString("status"));
    assertEquals("empty_file", failed.getJsonObject("error").getString("code"));
    String firstRunAt =
        api.get("/jobs/" + id + "/results")
            .json()
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("finished_at");

    // The user fixes the document and retries: only it runs again.
    Files.writeString(empty, "now it has content\n");
    Answer retried = api.post("/jobs/" + id + "/retry", "");
    assertEquals(202, retried.status(), retried.body());
    JsonObject again = awaitFinished(id);

    assertEquals("COMPLETED", again.getString("status"));
    assertEquals(3, again.getInt("completed_tasks"));
    assertEquals(0, again.getInt("failed_tasks"));
    assertEquals(1, again.getInt("retries"));
    JsonObject results = api.get("/jobs/" + id + "/results").json();
    assertEquals(
        firstRunAt,
        results.getJsonArray("results").getJsonObject(0).getString("finished_at"),
        "a successful document is not run again");
    assertEquals("completed", results.getJsonArray("results").getJsonObject(1).getString("status"));
    List<JobExecution> history = Jsr352History.of(docbatch.redis(), id);
    assertEquals(2, history.size(), "the retry restarted the same JSR-352 job instance");
    assertEquals(BatchStatus.FAILED, history.get(0).getBatchStatus());
    assertEquals("INCOMPLETE", history.get(0).getExitStatus(), "a document had failed");
    assertEquals(BatchStatus.COMPLETED, history.get(1).getBatchStatus());
  }

  @Test
  void retryingAJobWithNothingToRetryIsAConflict() throws IOException {
    String id =
        api.post("/jobs", jobJson("validation", textDocuments(1), 0)).json().getString("job_id");
    awaitFinished(id);

    Answer answer = api.post("/jobs/" + id + "/retry", "");

    assertEquals(409, answer.status(), answer.body());
    assertEquals("nothing_to_retry", answer.json().getString("code"));
    assertEquals(409, api.delete("/jobs/" + id).status(), "a finished job cannot be cancelled");
  }

  @Test
  void cancelStopsTheRestAndRetryFinishesItWithoutCountingTwice() throws IOException {
    List<String> documents = textDocuments(1500);
    String id = api.post("/jobs", jobJson("validation", documents, 0)).json().getString("job_id");

    Answer cancelled = api.delete("/jobs/" + id);

    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals("CANCELLED", cancelled.json().getString("status"));
    JsonObject stopped = awaitFinished(id);
    assertEquals("CANCELLED", stopped.getString("status"));
    int doneBeforeCancel = stopped.getInt("completed_tasks");
    assertTrue(
        doneBeforeCancel < 1500, "cancel stopped the job early, " + doneBeforeCancel + " done");

    assertEquals(202, api.post("/jobs/" + id + "/retry", "").status());
    JsonObject finished = awaitFinished(id);

    assertEquals("COMPLETED", finished.getString("status"));
    assertEquals(1500, finished.getInt("completed_tasks"), "every document counted exactly once");
    assertEquals(0, finished.getInt("failed_tasks"));
    Set<Integer> indexes = new HashSet<>();
    for (int offset = 0; offset < 1500; offset += 500) {
      JsonObject page = api.get("/jobs/" + id + "/results?offset=" + offset + "&limit=500").json();
      page.getJsonArray("results")
          .forEach(
              r -> {
                assertEquals("completed", r.asJsonObject().getString("status"));
                indexes.add(r.asJsonObject().getInt("index"));
              });
      assertEquals(offset + 500 < 1500, page.containsKey("next"));
    }
    assertEquals(1500, indexes.size());
  }

  @Test
  void duplicatesWithinAJobAreReported() throws IOException {
    Files.writeString(folder.resolve("one.txt"), "same content\n");
    Files.writeString(folder.resolve("two.txt"), "same content\n");
    String prefix = folder.getFileName() + "/";

    String id =
        api.post("/jobs", jobJson("validation", List.of(prefix + "one.txt", prefix + "two.txt"), 0))
            .json()
            .getString("job_id");
    awaitFinished(id);

    var results = api.get("/jobs/" + id + "/results").json().getJsonArray("results");
    JsonObject one = results.getJsonObject(0).getJsonObject("result");
    JsonObject two = results.getJsonObject(1).getJsonObject("result");
    assertEquals(one.getString("sha256"), two.getString("sha256"));
    JsonObject duplicate = one.containsKey("duplicate_of") ? one : two;
    assertFalse(
        one.containsKey("duplicate_of") && two.containsKey("duplicate_of"),
        "only the later one is a duplicate");
    assertTrue(duplicate.getJsonObject("duplicate_of").getString("document").endsWith(".txt"));
  }

  @Test
  void uploadedDocumentsCanBeProcessed() throws IOException {
    Path file = Files.writeString(folder.resolve("upload me.txt"), "uploaded text\n");

    Answer uploaded = api.upload(file);

    assertEquals(201, uploaded.status(), uploaded.body());
    String documentId =
        uploaded.json().getJsonArray("documents").getJsonObject(0).getString("document_id");
    assertTrue(documentId.matches("doc_[0-9a-f]{32}"), documentId);
    String id =
        api.post("/jobs", jobJson("validation", List.of(documentId), 0)).json().getString("job_id");
    assertEquals("COMPLETED", awaitFinished(id).getString("status"));
  }

  @Test
  void jobsAreListedNewestFirstAndFilteredByStatus() throws IOException {
    String older =
        api.post("/jobs", jobJson("validation", textDocuments(1), 0)).json().getString("job_id");
    awaitFinished(older);
    String newer =
        api.post("/jobs", jobJson("validation", textDocuments(1), 0)).json().getString("job_id");
    awaitFinished(newer);

    List<String> ids =
        api.get("/jobs?status=COMPLETED&limit=1000").json().getJsonArray("jobs").stream()
            .map(j -> j.asJsonObject().getString("job_id"))
            .toList();

    assertTrue(ids.indexOf(newer) >= 0 && ids.indexOf(newer) < ids.indexOf(older), ids.toString());
    List<String> cancelled =
        api.get("/jobs?status=cancelled&limit=1000").json().getJsonArray("jobs").stream()
            .map(j -> j.asJsonObject().getString("status"))
            .distinct()
            .toList();
    assertTrue(cancelled.isEmpty() || cancelled.equals(List.of("CANCELLED")), cancelled.toString());
  }

  private List<String> textDocuments(int count) throws IOException {
    String prefix = folder.getFileName() + "/";
    for (int i = 0; i < count; i++) {
      Files.writeString(
          folder.resolve("doc-" + i + ".txt"), "Document number " + i + " of " + count + ".\n");
    }
    return IntStream.range(0, count).mapToObj(i -> prefix + "doc-" + i + ".txt").toList();
  }

  public static String jobJson(String type, List<String> documents, int priority) {
    String list = documents.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
    return "{\"job_type\": \""
        + type
        + "\", \"documents\": ["
        + list
        + "], \"priority\": "
        + priority
        + "}";
  }

  private JsonObject awaitFinished(String id) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.get("/jobs/" + id).json(), job -> job.containsKey("finished_at"));
  }
}
