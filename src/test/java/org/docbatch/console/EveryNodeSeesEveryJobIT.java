package org.docbatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ManagementClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * One engine for every node: two nodes on one Redis start their jobs with the batch subsystem's
 * operator over the Redis job repository, so that the management model of one node (what the admin
 * console shows) lists the jobs another node coordinates, with their executions, and its {@code
 * stop-job} and {@code restart-job} act on them as the API's cancel and retry do.
 *
 * <p>It reads the subsystem's model where WildFly keeps it: if an upgrade changed how the batch
 * subsystem finds its repository (the capability docbatch's extension provides is not a public
 * API), node B would list nothing of node A's jobs and this test fails first.
 */
class EveryNodeSeesEveryJobIT {

  private static final String USER = "ops";
  private static final String PASSWORD = "every-node-it-" + System.nanoTime();

  private static RedisServer redis;
  private static OwnNode coordinator;
  private static OwnNode other;
  private static ApiClient api;
  private static ManagementClient otherAdmin;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("every-node")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("DOCBATCH_ADMIN_USER", USER)
            .with("DOCBATCH_ADMIN_PASSWORD", PASSWORD);
    NoopJobs.writeDocuments(nodes.documents(), "doc", 4);
    NoopJobs.writeDocuments(nodes.documents(), "bad", 2);
    redis = RedisServer.start(nodes.work().resolve("redis"));
    nodes.on(redis);
    coordinator = nodes.with("NODE_ID", "node-a").start();
    other = nodes.with("NODE_ID", "node-b").start();
    api = coordinator.api();
    otherAdmin = new ManagementClient(other.server(), USER, PASSWORD);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {other, coordinator, redis}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // the others still close
      }
    }
  }

  @Test
  void aJobOneNodeRanIsListedWithItsExecutionByTheOther() throws Exception {
    String id = NoopJobs.submit(api, "doc", 4, 0, NoopJobs.delay(10));
    JsonObject job = api.awaitFinished(id, Duration.ofMinutes(2));
    assertEquals("COMPLETED", job.getString("status"), job.toString());
    long executionId = executionOf(id);

    JsonObject execution = listed(executionId);

    assertEquals("COMPLETED", execution.getString("batch-status"), execution.toString());
    assertEquals("node-a", job.getString("node"), "node A coordinated it");
    assertTrue(Files.readString(other.server().log()).contains("DOCBATCH-1840"));
  }

  @Test
  void stopJobOnTheOtherNodeCancelsTheJobAsTheApiDoes() throws Exception {
    String id = NoopJobs.submit(api, "doc", 3, 0, NoopJobs.delay(60_000));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> api.get("/jobs/" + id).json().getString("status"), "RUNNING"::equals);
    long executionId = executionOf(id);

    ManagementClient.Answer stop = otherAdmin.execute(operation("stop-job", executionId));

    assertEquals(200, stop.status(), stop.body());
    JsonObject cancelled = api.awaitFinished(id, Duration.ofMinutes(1));
    assertEquals("CANCELLED", cancelled.getString("status"), cancelled.toString());
    assertTrue(Files.readString(other.server().log()).contains("DOCBATCH-1843 Job " + id));
    JsonObject execution =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> execution(executionId),
                e -> e != null && "STOPPED".equals(e.getString("batch-status")));
    assertEquals("STOPPED", execution.getString("batch-status"));
  }

  @Test
  void restartJobOnTheOtherNodeRunsOnlyWhatFailed() throws Exception {
    JsonArrayBuilder documents = Json.createArrayBuilder(List.of("bad-0.txt", "bad-1.txt"));
    documents.add("doc-3.txt");
    String id =
        api.post(
                "/jobs",
                Json.createObjectBuilder()
                    .add("job_type", "noop")
                    .add("documents", documents)
                    .add("options", Json.createObjectBuilder().add("fail_matching", "bad"))
                    .build()
                    .toString())
            .json()
            .getString("job_id");
    JsonObject first = api.awaitFinished(id, Duration.ofMinutes(2));
    assertEquals(2, first.getInt("failed_tasks"), first.toString());
    long executionId = executionOf(id);
    Map<String, String> startsBefore = taskStarts(id);

    ManagementClient.Answer restart = otherAdmin.execute(operation("restart-job", executionId));

    assertEquals(200, restart.status(), restart.body());
    JsonObject second =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> api.get("/jobs/" + id).json(),
                j -> j.getInt("retries") == 1 && j.containsKey("finished_at"));
    assertEquals(1, second.getInt("completed_tasks"), second.toString());
    assertEquals(2, second.getInt("failed_tasks"), second.toString());
    long restarted = executionOf(id);
    assertNotEquals(executionId, restarted, "the restart is an execution of its own");
    // The same JSR-352 instance, and only the failed documents ran again.
    assertEquals(
        listed(executionId).getJsonNumber("instance-id").longValue(),
        listed(restarted).getJsonNumber("instance-id").longValue());
    Map<String, String> startsAfter = taskStarts(id);
    assertEquals(startsBefore.get("doc-3.txt"), startsAfter.get("doc-3.txt"));
    assertNotEquals(startsBefore.get("bad-0.txt"), startsAfter.get("bad-0.txt"));
    assertNotEquals(startsBefore.get("bad-1.txt"), startsAfter.get("bad-1.txt"));
  }

  /** The docbatch job's current JSR-352 execution, as its job hash in Redis names it. */
  private static long executionOf(String jobId) {
    try (RedisClient client = redis.client()) {
      return Long.parseLong(client.hget("docbatch:job:{" + jobId + "}", "execution_id"));
    }
  }

  /** Each document's last start, from the API's task list. */
  private static Map<String, String> taskStarts(String jobId) {
    return api.get("/jobs/" + jobId + "/tasks").json().getJsonArray("tasks").stream()
        .map(task -> task.asJsonObject())
        .collect(
            Collectors.toMap(
                task -> task.getString("document"), task -> task.getString("started_at", "never")));
  }

  private static JsonArrayBuilder executionAddress(String deployment, long executionId) {
    return Json.createArrayBuilder()
        .add(Json.createObjectBuilder().add("deployment", deployment))
        .add(Json.createObjectBuilder().add("subsystem", "batch-jberet"))
        .add(Json.createObjectBuilder().add("job", "noop"))
        .add(Json.createObjectBuilder().add("execution", Long.toString(executionId)));
  }

  private static JsonObject operation(String name, long executionId) {
    return Json.createObjectBuilder()
        .add("operation", name)
        .add("address", executionAddress("docbatch.war", executionId))
        .build();
  }

  /** Execution {@code executionId} in the other node's management model, once it is listed. */
  private static JsonObject listed(long executionId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> execution(executionId), e -> e != null);
  }

  /** Execution {@code executionId} of noop jobs in the other node's management model, or null. */
  private static JsonObject execution(long executionId) throws Exception {
    JsonObject read =
        Json.createObjectBuilder()
            .add("operation", "read-resource")
            .add("address", executionAddress("*", executionId))
            .add("include-runtime", true)
            .build();
    ManagementClient.Answer answer = otherAdmin.execute(read);
    if (answer.status() != 200 || answer.json().getJsonArray("result").isEmpty()) {
      return null; // the model lists an execution a moment after it is created
    }
    return answer.json().getJsonArray("result").getJsonObject(0).getJsonObject("result");
  }
}
