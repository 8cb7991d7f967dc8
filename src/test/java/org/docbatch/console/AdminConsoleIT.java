package org.docbatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.ManagementClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The admin console: a node started with a management user from DOCBATCH_ADMIN_USER /
 * DOCBATCH_ADMIN_PASSWORD runs its jobs through the server's batch operator, and the management
 * model (what the console's batch view reads) lists them; the management API refuses anyone else,
 * and a node without a password has no user at all. (EveryNodeSeesEveryJobIT: what one node's model
 * shows of another's jobs.)
 */
class AdminConsoleIT {

  private static final String USER = "ops";
  private static final String PASSWORD = "console-it-" + System.nanoTime();

  private static OwnNode node;
  private static DocbatchServer server;
  private static ApiClient api;
  private static ManagementClient admin;

  @BeforeAll
  static void startNode() throws Exception {
    OwnNode.Builder console = OwnNode.in("admin-console");
    NoopJobs.writeDocuments(console.documents(), "console", 4);
    NoopJobs.writeDocuments(console.documents(), "bad", 2);
    node =
        console
            .with("NOOP_JOBS_ENABLED", "true")
            .with("DOCBATCH_ADMIN_USER", USER)
            .with("DOCBATCH_ADMIN_PASSWORD", PASSWORD)
            .start();
    server = node.server();
    api = node.api();
    admin = new ManagementClient(server, USER, PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static Map<String, String> baseEnvironment() {
    return NoopJobs.nodeEnvironment(node.work(), node.redis().url());
  }

  @Test
  void theManagementApiAnswersTheConfiguredUserOnly() throws Exception {
    JsonObject state =
        Json.createObjectBuilder()
            .add("operation", "read-attribute")
            .add("name", "server-state")
            .build();

    assertEquals(401, new ManagementClient(server, null, null).execute(state).status());
    assertEquals(
        401, new ManagementClient(server, USER, "not-" + PASSWORD).execute(state).status());
    ManagementClient.Answer answer = admin.execute(state);
    assertEquals(200, answer.status(), answer.body());
    assertEquals("running", answer.json().getString("result"));
    // The console's page itself is static and public, as in every WildFly: what it shows comes
    // from the management API above.
    ManagementClient.Answer page =
        new ManagementClient(server, null, null).get("/console/index.html");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("HAL Management Console"), page.body());
  }

  @Test
  void aJobCompletesAndShowsInTheManagementModel() throws Exception {
    int before = instanceCount("noop");
    String id = NoopJobs.submit(api, "console", 4, 0, NoopJobs.delay(10));

    JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));

    assertEquals("COMPLETED", job.getString("status"), job.toString());
    assertEquals(4, job.getInt("completed_tasks"));
    JsonObject results = api.get("/jobs/" + id + "/results").json();
    assertEquals(4, results.getInt("successful"));
    assertEquals(
        List.of("console-0.txt", "console-1.txt", "console-2.txt", "console-3.txt"),
        results.getJsonArray("results").stream()
            .map(r -> r.asJsonObject().getString("document"))
            .toList());
    // The model lists a job's executions as it reads them from the operator, a moment after.
    JsonObject noop =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> batchJob("noop"),
                j ->
                    executions(j).values().stream()
                        .anyMatch(
                            e -> "COMPLETED".equals(e.asJsonObject().getString("batch-status"))));
    assertEquals(before + 1, noop.getInt("instance-count"), noop.toString());
  }

  @Test
  void cancelAndRetryGoThroughTheServerOperator() throws Exception {
    // Retry: two documents fail, the job completes, a retry restarts its JSR-352 instance.
    JsonObject failTwo = Json.createObjectBuilder().add("fail_matching", "bad").build();
    String retried =
        api.post(
                "/jobs",
                Json.createObjectBuilder()
                    .add("job_type", "noop")
                    .add(
                        "documents",
                        Json.createArrayBuilder(List.of("bad-0.txt", "bad-1.txt", "console-0.txt")))
                    .add("options", failTwo)
                    .build()
                    .toString())
            .json()
            .getString("job_id");
    JsonObject first = api.awaitFinished(retried, Duration.ofMinutes(2));
    assertEquals(2, first.getInt("failed_tasks"), first.toString());
    int instances = instanceCount("noop");
    String firstRun = Long.toString(executionOf(retried));
    long instance =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> executions(batchJob("noop")), e -> e.containsKey(firstRun))
            .getJsonObject(firstRun)
            .getJsonNumber("instance-id")
            .longValue();

    assertEquals(202, api.post("/jobs/" + retried + "/retry", "").status());
    JsonObject second =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> api.get("/jobs/" + retried).json(),
                j -> j.getInt("retries") == 1 && j.containsKey("finished_at"));
    assertEquals(1, second.getInt("completed_tasks"), second.toString());
    assertEquals(2, second.getInt("failed_tasks"), second.toString());
    // A JSR-352 restart: a second execution of the same instance, no new instance.
    JsonObject noop =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> batchJob("noop"),
                j ->
                    executions(j).values().stream()
                            .filter(
                                e ->
                                    e.asJsonObject().getJsonNumber("instance-id").longValue()
                                        == instance)
                            .count()
                        == 2);
    assertEquals(instances, noop.getInt("instance-count"), noop.toString());

    // Cancel: a slow job is stopped by the operator that runs it.
    String slow = NoopJobs.submit(api, "console", 3, 0, NoopJobs.delay(60_000));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> api.get("/jobs/" + slow).json().getString("status"), "RUNNING"::equals);
    assertEquals(200, api.delete("/jobs/" + slow).status());
    JsonObject cancelled = api.awaitFinished(slow, Duration.ofMinutes(1));
    assertEquals("CANCELLED", cancelled.getString("status"), cancelled.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> batchJob("noop").getInt("running-executions"), running -> running == 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> executions(batchJob("noop")).values(),
            all ->
                all.stream()
                    .anyMatch(e -> "STOPPED".equals(e.asJsonObject().getString("batch-status"))));
  }

  /**
   * A second node on the same Redis, without a password (one test: a node takes a minute or more to
   * start here). Nobody logs in to its management API; its workers run documents of the first
   * node's jobs; when it is killed, the first node takes its job over as a restart of the same
   * JSR-352 instance (the JSR-352 state is in Redis).
   */
  @Test
  void aSecondNodeHasNoUserRunsOtherJobsDocumentsAndItsJobSurvivesIt() throws Exception {
    Map<String, String> env = new HashMap<>(baseEnvironment());
    DocbatchServer second = DocbatchServer.start(node.work().resolve("second"), env);
    try {
      JsonObject state =
          Json.createObjectBuilder()
              .add("operation", "read-attribute")
              .add("name", "server-state")
              .build();
      assertEquals(401, new ManagementClient(second, "admin", "admin").execute(state).status());
      assertEquals(401, new ManagementClient(second, USER, PASSWORD).execute(state).status());
      assertTrue(Files.readString(second.log()).contains("DOCBATCH-1002"));

      // Each node's noop pool grows to 4 workers: 16 slow documents keep both busy.
      List<String> jobs = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        jobs.add(NoopJobs.submit(api, "console", 4, 0, NoopJobs.delay(1500)));
      }
      for (String job : jobs) {
        JsonObject finished = api.awaitFinished(job, Duration.ofMinutes(2));
        assertEquals("COMPLETED", finished.getString("status"), finished.toString());
        assertEquals(4, finished.getInt("completed_tasks"), finished.toString());
      }
      assertTrue(
          documentsRun(second) > 0, "the second node ran none of the first node's 16 documents");

      int instances = instanceCount("noop");
      ApiClient secondApi = new ApiClient(second::api);
      String orphan = NoopJobs.submit(secondApi, "console", 4, 0, NoopJobs.delay(4000));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> api.get("/jobs/" + orphan).json().getString("status"), "RUNNING"::equals);
      second.kill();

      JsonObject taken = api.awaitFinished(orphan, Duration.ofMinutes(3));
      assertEquals("COMPLETED", taken.getString("status"), taken.toString());
      assertEquals(4, taken.getInt("completed_tasks"), taken.toString());
      assertEquals(1, taken.getInt("recoveries"), taken.toString());
      assertEquals(instances + 1, instanceCount("noop"), "one instance, restarted: no second");
    } finally {
      second.close();
    }
  }

  private static double documentsRun(DocbatchServer node) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(node.management("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new PrometheusText(metrics)
        .value("docbatch_documents_processed_total", "job_type=\"noop\"", "outcome=\"completed\"")
        .orElse(0);
  }

  @Test
  void theBatchSubsystemHasAsManyJobThreadsAsDocbatchsOperator() throws Exception {
    JsonObject read =
        Json.createObjectBuilder()
            .add("operation", "read-attribute")
            .add(
                "address",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("subsystem", "batch-jberet"))
                    .add(Json.createObjectBuilder().add("thread-pool", "batch")))
            .add("name", "max-threads")
            .add("resolve-expressions", true) // ${batch.threads:${env.BATCH_THREADS:32}}
            .build();

    ManagementClient.Answer answer = admin.execute(read);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("32", answer.json().getString("result"), answer.body());
  }

  /** The deployment's batch-jberet resource for {@code jobName}, runtime attributes included. */
  private static JsonObject batchJob(String jobName) throws Exception {
    JsonObject operation =
        Json.createObjectBuilder()
            .add("operation", "read-resource")
            .add(
                "address",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("deployment", "*"))
                    .add(Json.createObjectBuilder().add("subsystem", "batch-jberet")))
            .add("include-runtime", true)
            .add("recursive", true)
            .build();
    ManagementClient.Answer answer = admin.execute(operation);
    assertEquals(200, answer.status(), answer.body());
    JsonObject deployment =
        answer.json().getJsonArray("result").getJsonObject(0).getJsonObject("result");
    return deployment.getJsonObject("job").getJsonObject(jobName);
  }

  /** The docbatch job's current JSR-352 execution, as its job hash in Redis names it. */
  private static long executionOf(String jobId) {
    try (RedisClient client = node.redis().client()) {
      return Long.parseLong(client.hget("docbatch:job:{" + jobId + "}", "execution_id"));
    }
  }

  private static int instanceCount(String jobName) throws Exception {
    return batchJob(jobName).getInt("instance-count");
  }

  private static JsonObject executions(JsonObject job) {
    JsonValue executions = job.get("execution");
    return executions == null || executions.getValueType() == JsonValue.ValueType.NULL
        ? JsonObject.EMPTY_JSON_OBJECT
        : executions.asJsonObject();
  }
}
