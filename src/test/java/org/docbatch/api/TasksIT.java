package org.docbatch.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 24, section 1: every document of a job is a task with an id, a status, attempts and a
 * worker, through the job's life; a job is QUEUED until its first task starts. One node with a
 * single noop worker, so that a job can wait behind another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksIT {

  private OwnNode node;
  private ApiClient api;

  @BeforeAll
  void startNode() throws Exception {
    OwnNode.Builder builder =
        OwnNode.in("tasks")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "1")
            .with("NOOP_MIN_WORKERS", "1")
            .with("NOOP_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.1")
            .with("NODE_ID", "tasks-node");
    NoopJobs.writeDocuments(builder.documents(), "long", 1);
    NoopJobs.writeDocuments(builder.documents(), "waiting", 3);
    // A submitter's references resolve in their own area (docs/security.md).
    NoopJobs.writeDocuments(builder.documents().resolve("users/alice"), "paged", 5);
    NoopJobs.writeDocuments(builder.documents(), "crash", 3);
    node = builder.start();
    api = node.api();
  }

  @AfterAll
  void stopNode() {
    node.close();
  }

  @Test
  void aJobBehindALongOneIsQueuedUntilItsFirstTaskStartsAndItsTasksGoQueuedRunningCompleted() {
    String slow = NoopJobs.submit(api, "long", 1, 0, options("delay_ms", 4000));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(slow).equals("RUNNING") && task(slow + ":0").equals("running"));
    JsonObject running = api.get("/tasks/" + slow + ":0").json();
    assertEquals("noop", running.getString("task_type"), running.toString());
    assertEquals(1, running.getInt("attempts"), running.toString());
    assertEquals("tasks-node", running.getJsonObject("worker").getString("node"));
    assertTrue(running.getJsonObject("worker").getString("worker_id").startsWith("noop-"));
    assertTrue(running.containsKey("started_at"), running.toString());
    assertFalse(running.containsKey("finished_at"), running.toString());

    String waiting = NoopJobs.submit(api, "waiting", 3, 0, options("delay_ms", 300));
    // The one worker is busy with the slow job: nothing of this one has started.
    await().atMost(Duration.ofSeconds(2)).until(() -> status(waiting).equals("QUEUED"));
    JsonObject queued = api.get("/jobs/" + waiting).json();
    assertFalse(queued.containsKey("started_at"), queued.toString());
    JsonObject listed = api.get("/jobs/" + waiting + "/tasks").json();
    assertEquals(3, listed.getInt("total"), listed.toString());
    for (JsonObject task : listed.getJsonArray("tasks").getValuesAs(JsonObject.class)) {
      assertEquals("queued", task.getString("status"), task.toString());
      assertEquals(0, task.getInt("attempts"), task.toString());
      assertFalse(task.containsKey("worker"), task.toString());
      assertTrue(task.containsKey("queued_at"), task.toString());
    }
    assertEquals("QUEUED", status(waiting), "still queued while the slow job runs");

    await().atMost(Duration.ofSeconds(30)).until(() -> status(waiting).equals("RUNNING"));
    assertTrue(
        Instant.parse(api.get("/jobs/" + waiting).json().getString("started_at"))
            .isAfter(Instant.parse(running.getString("started_at"))),
        "started when its first task started, after the slow one's");

    JsonObject done = api.awaitFinished(waiting, Duration.ofSeconds(60));
    assertEquals("COMPLETED", done.getString("status"), done.toString());
    JsonArray tasks = api.get("/jobs/" + waiting + "/tasks").json().getJsonArray("tasks");
    for (int i = 0; i < 3; i++) {
      JsonObject task = tasks.getJsonObject(i);
      assertEquals(waiting + ":" + i, task.getString("task_id"), task.toString());
      assertEquals("completed", task.getString("status"), task.toString());
      assertEquals(1, task.getInt("attempts"), task.toString());
      assertEquals("waiting-" + i + ".txt", task.getString("document"));
      assertEquals("tasks-node", task.getJsonObject("worker").getString("node"));
      assertTrue(task.getInt("duration_ms") >= 300, task.toString());
      assertFalse(
          Instant.parse(task.getString("finished_at"))
              .isBefore(Instant.parse(task.getString("started_at"))),
          task.toString());
    }
    assertEquals("completed", task(slow + ":0"));
  }

  @Test
  void aCrashedTaskIsRunAgainAndItsAttemptsCountedUntilItIsDead() {
    String id =
        NoopJobs.submit(
            api,
            "crash",
            3,
            0,
            Json.createObjectBuilder()
                .add("crash_matching", "crash-1")
                .add("transient_matching", "crash-2")
                .build());

    api.awaitFinished(id, Duration.ofSeconds(60));
    JsonArray tasks = api.get("/jobs/" + id + "/tasks").json().getJsonArray("tasks");
    JsonObject sound = tasks.getJsonObject(0);
    assertEquals("completed", sound.getString("status"), sound.toString());
    assertEquals(1, sound.getInt("attempts"), sound.toString());
    // NOOP_MAX_RETRIES=1: a first run and one retry, then the dead letters.
    JsonObject crashed = tasks.getJsonObject(1);
    assertEquals("dead", crashed.getString("status"), crashed.toString());
    assertEquals(2, crashed.getInt("attempts"), crashed.toString());
    assertEquals("dead_lettered", crashed.getJsonObject("error").getString("code"));
    // A transient error (DocumentException.retryable) is retried like a crash.
    JsonObject flaky = tasks.getJsonObject(2);
    assertEquals("dead", flaky.getString("status"), flaky.toString());
    assertEquals(2, flaky.getInt("attempts"), flaky.toString());
    assertTrue(
        flaky.getJsonObject("error").getString("message").contains("noop_transient"),
        flaky.toString());
    JsonObject filtered = api.get("/jobs/" + id + "/tasks?status=dead").json();
    assertEquals(2, filtered.getInt("total"), filtered.toString());
    assertEquals(
        List.of(id + ":1", id + ":2"),
        filtered.getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
            .map(t -> t.getString("task_id"))
            .toList());
  }

  @Test
  void tasksArePagedAndFilteredAndAnotherUsersTaskIsNotFound() {
    ApiClient alice = api.as(TestCredentials.ALICE);
    ApiClient bob = api.as(TestCredentials.BOB);
    String id = NoopJobs.submit(alice, "paged", 5, 0, options("delay_ms", 0));
    alice.awaitFinished(id, Duration.ofSeconds(60));

    JsonObject page = alice.get("/jobs/" + id + "/tasks?offset=1&limit=2").json();
    assertEquals(5, page.getInt("total"), page.toString());
    assertEquals(
        List.of(id + ":1", id + ":2"),
        page.getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
            .map(t -> t.getString("task_id"))
            .toList());
    assertEquals("/api/jobs/" + id + "/tasks?offset=3&limit=2", page.getString("next"));
    JsonObject last = alice.get("/jobs/" + id + "/tasks?offset=4&limit=2").json();
    assertEquals(1, last.getJsonArray("tasks").size(), last.toString());
    assertFalse(last.containsKey("next"), last.toString());
    JsonObject completed = alice.get("/jobs/" + id + "/tasks?status=completed&limit=1").json();
    assertEquals(5, completed.getInt("total"), completed.toString());
    assertEquals(
        "/api/jobs/" + id + "/tasks?status=completed&offset=1&limit=1",
        completed.getString("next"));
    assertEquals(0, alice.get("/jobs/" + id + "/tasks?status=queued").json().getInt("total"));

    assertProblem(alice.get("/jobs/" + id + "/tasks?status=paused"), 400, "invalid_status");
    assertProblem(alice.get("/jobs/" + id + "/tasks?limit=0"), 400, "invalid_page");
    assertProblem(bob.get("/jobs/" + id + "/tasks"), 404, "job_not_found");
    assertProblem(bob.get("/tasks/" + id + ":0"), 404, "task_not_found");
    assertProblem(alice.get("/tasks/" + id + ":5"), 404, "task_not_found");
    assertProblem(alice.get("/tasks/" + id + ":0:1"), 404, "task_not_found");
    assertProblem(alice.get("/tasks/" + id), 404, "task_not_found");
    assertEquals(200, alice.get("/tasks/" + id + ":4").status());
    // An operator sees every job's tasks.
    assertEquals("completed", api.get("/tasks/" + id + ":4").json().getString("status"));
  }

  private String status(String job) {
    return api.get("/jobs/" + job).json().getString("status");
  }

  private String task(String taskId) {
    return api.get("/tasks/" + taskId).json().getString("status");
  }

  private static JsonObject options(String name, int value) {
    return Json.createObjectBuilder().add(name, value).build();
  }

  private static void assertProblem(ApiClient.Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertEquals(code, answer.json().getString("code"), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
  }
}
