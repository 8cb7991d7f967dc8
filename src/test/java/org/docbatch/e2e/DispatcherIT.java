package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.docbatch.testing.ApiClient;
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
 * Two docbatch nodes sharing one Redis: partitions run on both, by priority; a cancel reaches both;
 * a document that keeps crashing is dead-lettered; a killed worker node loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DispatcherIT {

  private static final int DOCUMENTS = 300;

  private RedisServer redis;
  private OwnNode nodeA;
  private OwnNode nodeB;
  private ApiClient apiA;
  private ApiClient apiB;
  private RedisClient client;

  @BeforeAll
  void startTwoNodes() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("dispatcher")
            .with("NOOP_JOBS_ENABLED", "true")
            // Pinned: on a busy machine the autoscaler holds a pool at 1 worker (cpu_limit), and
            // the tests count leases.
            .with("NOOP_WORKERS", "2")
            .with("NOOP_MIN_WORKERS", "2")
            .with("NOOP_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.1")
            .with("LEASE_SECONDS", "2")
            .with("NODE_HEARTBEAT_INTERVAL", "1")
            .with("NODE_TIMEOUT", "3")
            .with("WORKER_TIMEOUT", "3")
            .with("MAX_QUEUE_SIZE", "500");
    for (int i = 0; i < DOCUMENTS; i++) {
      Files.writeString(nodes.documents().resolve("d" + i + ".txt"), "document " + i + "\n");
    }
    redis = RedisServer.start(nodes.work().resolve("redis"));
    client = redis.client();
    nodes.on(redis);
    nodeA = nodes.with("NODE_ID", "node-a").start();
    nodeB = nodes.with("NODE_ID", "node-b").start();
    apiA = nodeA.api();
    apiB = nodeB.api();
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
  void partitionsRunOnEveryNode() {
    String id = submit(apiA, 40, 50, 0, Json.createObjectBuilder());

    List<JsonObject> results = results(apiA, awaitFinished(apiA, id));

    Set<String> nodes = results.stream().map(r -> r.getString("node")).collect(Collectors.toSet());
    assertEquals(Set.of("node-a", "node-b"), nodes, "both nodes took partitions");
  }

  @Test
  @Order(2)
  void aHighPriorityJobOvertakesALargeLowPriorityOne() {
    String low = submit(apiA, 200, 20, -5, Json.createObjectBuilder());
    await().until(() -> apiA.get("/jobs/" + low).json().getInt("completed_tasks") > 10);

    String high = submit(apiB, 8, 20, 8, Json.createObjectBuilder());

    JsonObject highDone = awaitFinished(apiB, high);
    JsonObject lowNow = apiA.get("/jobs/" + low).json();
    assertTrue(
        !lowNow.containsKey("finished_at")
            || Instant.parse(lowNow.getString("finished_at"))
                .isAfter(Instant.parse(highDone.getString("finished_at"))),
        "the high priority job finished first: " + highDone + " / " + lowNow);
    assertTrue(lowNow.getInt("completed_tasks") < 200, "it did not wait for the low one");
    awaitFinished(apiA, low);
  }

  @Test
  @Order(3)
  void aCancelOnOneNodeStopsThePartitionsOnBoth() {
    String id = submit(apiA, 40, 20_000, 0, Json.createObjectBuilder());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.zcard("docbatch:queue:{noop}:leases") == 4);

    long cancelledAt = System.nanoTime();
    assertEquals(200, apiB.delete("/jobs/" + id).status());
    JsonObject job = awaitFinished(apiA, id);
    long millis = (System.nanoTime() - cancelledAt) / 1_000_000;

    assertEquals("CANCELLED", job.getString("status"));
    assertEquals(0, job.getInt("completed_tasks"), "the running documents were stopped");
    assertTrue(millis < 5_000, "the job ended " + millis + " ms after the cancel");
    assertEquals(0, client.zcard("docbatch:queue:{noop}"), "nothing left queued");
  }

  @Test
  @Order(4)
  void aDocumentThatKeepsCrashingIsDeadLetteredAndCanBeRequeuedOrDiscarded() {
    String id = submit(apiA, 5, 0, 0, Json.createObjectBuilder().add("crash_matching", "d3.txt"));

    JsonObject job = awaitFinished(apiA, id);

    assertEquals("COMPLETED", job.getString("status"));
    assertEquals(4, job.getInt("completed_tasks"));
    assertEquals(1, job.getInt("failed_tasks"));
    JsonObject failed = results(apiA, job).get(3);
    assertEquals("dead_lettered", failed.getJsonObject("error").getString("code"));
    assertTrue(failed.getJsonObject("error").getString("message").contains("crashed on purpose"));
    JsonObject letter = deadLetterOf(id);
    assertEquals(3, letter.getInt("document_index"));
    assertTrue(letter.getString("error").contains("crashed on purpose"), letter.toString());

    assertEquals(
        202, apiB.post("/dead-letters/" + letter.getString("id") + "/requeue", "").status());
    JsonObject again = awaitFinished(apiA, id);
    assertEquals(1, again.getInt("retries"));
    JsonObject secondLetter = deadLetterOf(id);

    assertEquals(200, apiA.delete("/dead-letters/" + secondLetter.getString("id")).status());
    assertTrue(
        apiA.get("/dead-letters").json().getJsonArray("dead_letters").stream()
            .noneMatch(l -> id.equals(l.asJsonObject().getString("job_id", ""))));
    assertEquals(404, apiA.delete("/dead-letters/" + secondLetter.getString("id")).status());
  }

  @Test
  @Order(5)
  void aDocumentThatRunsPastTheWorkerTimeoutIsStoppedRetriedThenDeadLettered() {
    long started = System.nanoTime();
    String id = submit(apiA, 1, 60_000, 0, Json.createObjectBuilder());

    JsonObject job = awaitFinished(apiA, id);
    long seconds = (System.nanoTime() - started) / 1_000_000_000;

    assertEquals(1, job.getInt("failed_tasks"), job.toString());
    JsonObject error = results(apiA, job).get(0).getJsonObject("error");
    assertEquals("dead_lettered", error.getString("code"));
    assertTrue(error.getString("message").contains("task timeout (3 s)"), error.toString());
    assertTrue(seconds < 20, "two runs of 3 s, not a minute each: " + seconds + " s");
  }

  @Test
  @Order(6)
  void aFullQueueIsA503WithRetryAfter() {
    String id = submit(apiA, 300, 10_000, 0, Json.createObjectBuilder());
    await().until(() -> client.zcard("docbatch:queue:{noop}") >= 290);

    ApiClient.Answer answer = apiB.post("/jobs", request(300, 0, 0, Json.createObjectBuilder()));

    assertEquals(503, answer.status(), answer.body());
    assertEquals("queue_full", answer.json().getString("code"));
    assertEquals("application/problem+json", answer.contentType());
    assertEquals("5", answer.retryAfter());
    apiA.delete("/jobs/" + id);
    awaitFinished(apiA, id);
    assertEquals(0, client.zcard("docbatch:queue:{noop}"));
  }

  /** Issue 21: one Idempotency-Key sent to both nodes at once makes one job. */
  @Test
  @Order(7)
  void racingRequestsWithOneKeyOnTwoNodesCreateOneJob() throws Exception {
    String body = request(4, 0, 0, Json.createObjectBuilder());
    String key = UUID.randomUUID().toString();
    ExecutorService clients = Executors.newFixedThreadPool(20);
    List<ApiClient.Answer> answers = new ArrayList<>();
    try {
      List<Future<ApiClient.Answer>> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ApiClient api = i % 2 == 0 ? apiA : apiB;
        sent.add(clients.submit(() -> api.post("/jobs", body, "Idempotency-Key", key)));
      }
      for (Future<ApiClient.Answer> answer : sent) {
        answers.add(answer.get());
      }
    } finally {
      clients.shutdownNow();
    }

    Set<String> jobs =
        answers.stream().map(a -> a.json().getString("job_id")).collect(Collectors.toSet());
    assertEquals(1, jobs.size(), jobs.toString());
    assertEquals(1, answers.stream().filter(a -> a.status() == 202).count());
    awaitFinished(apiB, jobs.iterator().next());
  }

  /** Last: it kills node B. */
  @Test
  @Order(8)
  void aKilledWorkerNodeLosesNothing() {
    String id = submit(apiA, DOCUMENTS, 100, 0, Json.createObjectBuilder());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ranOn(apiA, id, "node-b") >= 5 && ranOn(apiA, id, "node-a") >= 5);

    nodeB.server().kill();
    long killedAt = System.currentTimeMillis();

    // Node B's partitions come back within its lease (2 s) plus one reaper pass (1 s): from then
    // on no lease in Redis is more than a reaper pass past its deadline.
    await()
        .atMost(Duration.ofSeconds(6))
        .until(
            () -> {
              long now = System.currentTimeMillis();
              return now > killedAt + 3_000
                  && client.zcount("docbatch:queue:{noop}:leases", 0, now - 1_500) == 0;
            });
    JsonObject job = awaitFinished(apiA, id);
    assertEquals("COMPLETED", job.getString("status"));
    assertEquals(DOCUMENTS, job.getInt("completed_tasks"), "no document lost or counted twice");
    List<JsonObject> results = results(apiA, job);
    assertEquals(DOCUMENTS, results.size());
    for (int i = 0; i < DOCUMENTS; i++) {
      assertEquals(i, results.get(i).getInt("index"));
      assertEquals("completed", results.get(i).getString("status"));
    }
  }

  private static String request(int documents, int delayMs, int priority, JsonObjectBuilder more) {
    JsonArrayBuilder names = Json.createArrayBuilder();
    for (int i = 0; i < documents; i++) {
      names.add("d" + i + ".txt");
    }
    return Json.createObjectBuilder()
        .add("job_type", "noop")
        .add("documents", names)
        .add("priority", priority)
        .add("options", more.add("delay_ms", delayMs))
        .build()
        .toString();
  }

  private static String submit(
      ApiClient api, int documents, int delayMs, int priority, JsonObjectBuilder more) {
    ApiClient.Answer answer = api.post("/jobs", request(documents, delayMs, priority, more));
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }

  private static JsonObject awaitFinished(ApiClient api, String id) {
    return await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.get("/jobs/" + id).json(), j -> j.containsKey("finished_at"));
  }

  private static List<JsonObject> results(ApiClient api, JsonObject job) {
    return api
        .get("/jobs/" + job.getString("job_id") + "/results?limit=1000")
        .json()
        .getJsonArray("results")
        .stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  private long ranOn(ApiClient api, String id, String node) {
    return api.get("/jobs/" + id + "/results?limit=1000").json().getJsonArray("results").stream()
        .map(JsonValue::asJsonObject)
        .filter(r -> node.equals(r.getString("node", "")))
        .count();
  }

  private JsonObject deadLetterOf(String jobId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                apiA.get("/dead-letters").json().getJsonArray("dead_letters").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(l -> jobId.equals(l.getString("job_id", "")))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }
}
