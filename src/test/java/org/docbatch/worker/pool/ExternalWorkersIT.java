package org.docbatch.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.CommandStats;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;

/**
 * Workers outside the server (issue 24, section 2), against one node whose configuration file
 * declares the external task type {@code wordcount} and whose leases last 2 s: {@code
 * examples/worker.py} run as a process completes a job; a worker killed mid-task loses its lease
 * and another takes the task; a completion under a lost lease is refused; a worker key reads no
 * job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalWorkersIT {

  private static final Path WORKER_PY = Path.of("examples/worker.py").toAbsolutePath();

  private OwnNode node;
  private ApiClient alice;
  private ApiClient worker;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  void startANodeWithAnExternalType() throws IOException {
    OwnNode.Builder builder = OwnNode.in("external-workers");
    Path config = builder.work().resolve("config.json");
    Files.writeString(
        config,
        """
        {"worker_pools": {"wordcount": {"external": true, "max_retries": 3, "timeout": 60},
                          "idle": {"external": true}}}
        """);
    node =
        builder
            .with("CONFIG_FILE", config.toString())
            .with("LEASE_SECONDS", "2")
            .with("RETRY_BACKOFF_SECONDS", "0.2")
            .start();
    alice = node.api().as(TestCredentials.ALICE);
    worker = node.api().as(TestCredentials.WORKER);
    Path area = Files.createDirectories(node.documents().resolve("users/alice"));
    Files.writeString(area.resolve("cats.txt"), "The cat sat.\nThe cat ran; the dog didn't.\n");
    Files.writeString(area.resolve("one.txt"), "one");
    Files.writeString(area.resolve("two.txt"), "two words");
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor();
    }
    processes.clear();
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void thePythonWorkerCompletesAJobOfAnExternalType() throws IOException {
    String job = submit("cats.txt", "one.txt", "two.txt");
    startWorker("py-1", 0);

    JsonObject finished = alice.awaitFinished(job, Duration.ofSeconds(60));
    assertEquals("COMPLETED", finished.getString("status"), finished.toString());
    JsonObject cats = resultOf(job, 0);
    assertEquals("completed", cats.getString("status"), cats.toString());
    assertEquals("py-1", cats.getString("worker"));
    JsonObject counts = cats.getJsonObject("result");
    assertEquals(9, counts.getInt("words"), counts.toString());
    JsonObject top = counts.getJsonArray("top_words").getJsonObject(0);
    assertEquals("the", top.getString("word"));
    assertEquals(3, top.getInt("count"));
    assertEquals(2, resultOf(job, 2).getJsonObject("result").getInt("words"));
  }

  @Test
  @Order(2)
  void aWorkerKilledMidTaskLosesItsLeaseAndAnotherTakesTheTask() throws Exception {
    String job = submit("cats.txt");
    Process slow = startWorker("py-slow", 120);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> externalWorkers().getInt("busy") == 1);
    // Through two leases' time the task stays its: the heartbeats keep the lease.
    Awaitility.await()
        .during(Duration.ofMillis(4_500))
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                externalWorkers().getInt("busy") == 1
                    && alice.get("/jobs/" + job).json().getInt("completed_tasks") == 0);
    slow.destroyForcibly().waitFor(); // its heartbeats stop with it

    startWorker("py-2", 0);
    JsonObject finished = alice.awaitFinished(job, Duration.ofSeconds(60));
    assertEquals("COMPLETED", finished.getString("status"), finished.toString());
    JsonObject outcome = resultOf(job, 0);
    assertEquals("py-2", outcome.getString("worker"), outcome.toString());
    assertEquals(9, outcome.getJsonObject("result").getInt("words"));
    // The task as GET /api/tasks shows it: by the worker that finished it, after the killed one's
    // attempt (and maybe one by a long poll of the previous test's workers, killed while it waited:
    // the server hands it a task nobody reads, whose lease runs out).
    JsonObject task = alice.get("/tasks/" + job + ":0").json();
    assertEquals("completed", task.getString("status"), task.toString());
    assertTrue(task.getInt("attempts") >= 2, task.toString());
    assertEquals("py-2", task.getJsonObject("worker").getString("worker_id"), task.toString());
  }

  @Test
  @Order(3)
  void aCompletionUnderALostLeaseIsRefusedAndTheResultIsRecordedOnce() {
    String job = submit("one.txt");
    JsonObject first = leaseOne("stale");
    String taskId = first.getString("task_id");
    assertEquals(job + ":0", taskId);
    assertEquals(200, worker.download(first.getString("download_url").substring(4)).status());

    // No heartbeat: the lease runs out (2 s), the reaper queues the task again, another takes it.
    JsonObject second = leaseOne("fresh");
    assertEquals(taskId, second.getString("task_id"));
    String stale = first.getString("lease_token");
    String fresh = second.getString("lease_token");
    assertNotEquals(stale, fresh);

    assertProblem(complete(taskId, stale, "{\"words\":1}"), 409, "lease_lost");
    assertProblem(
        worker.post("/tasks/" + taskId + "/heartbeat", "{\"lease_token\":\"" + stale + "\"}"),
        409,
        "lease_lost");
    assertProblem(worker.download(first.getString("download_url").substring(4)).status(), 409);
    assertProblem(complete(taskId, fresh + "x", "{\"words\":1}"), 404, "invalid_lease_token");
    String huge = "{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertProblem(complete(taskId, fresh, huge), 413, "result_too_large");
    assertEquals(
        200,
        worker
            .post("/tasks/" + taskId + "/heartbeat", "{\"lease_token\":\"" + fresh + "\"}")
            .status());

    Answer done = complete(taskId, fresh, "{\"words\":1}");
    assertEquals(200, done.status(), done.body());
    assertProblem(complete(taskId, fresh, "{\"words\":2}"), 409, "lease_lost");
    alice.awaitFinished(job, Duration.ofSeconds(30));
    JsonObject outcome = resultOf(job, 0);
    assertEquals(1, outcome.getJsonObject("result").getInt("words"), outcome.toString());
    assertEquals("fresh", outcome.getString("worker"));
  }

  @Test
  @Order(4)
  void aRetryableFailureRunsTheTaskAgainAndAnotherFailsTheDocument() {
    String job = submit("two.txt");
    JsonObject first = leaseOne("flaky");
    Answer retried =
        worker.post(
            "/tasks/" + first.getString("task_id") + "/fail",
            "{\"lease_token\":\""
                + first.getString("lease_token")
                + "\",\"retryable\":true,\"error\":{\"code\":\"throttled\",\"message\":\"later\"}}");
    assertEquals(200, retried.status(), retried.body());
    assertEquals("retrying", retried.json().getString("status"));

    JsonObject again = leaseOne("flaky");
    assertEquals(first.getString("task_id"), again.getString("task_id"));
    Answer failed =
        worker.post(
            "/tasks/" + again.getString("task_id") + "/fail",
            "{\"lease_token\":\""
                + again.getString("lease_token")
                + "\",\"retryable\":false,\"error\":{\"code\":\"not_text\",\"message\":\"binary\"}}");
    assertEquals(200, failed.status(), failed.body());
    JsonObject finished = alice.awaitFinished(job, Duration.ofSeconds(30));
    assertEquals("FAILED", finished.getString("status"), finished.toString());
    JsonObject error = resultOf(job, 0).getJsonObject("error");
    assertEquals("not_text", error.getString("code"));
  }

  @Test
  @Order(5)
  void aWorkerKeyReadsNoJobAndOperatorsSeeTheWorkers() {
    String job = submit("one.txt");
    // The task waits in its type's queue, counted as any other's.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                node.api()
                        .get("/metrics")
                        .json()
                        .getJsonObject("queue")
                        .getJsonObject("by_type")
                        .getJsonObject("wordcount")
                        .getInt("waiting")
                    == 1);
    assertProblem(worker.get("/jobs"), 403, "forbidden");
    assertProblem(worker.get("/jobs/" + job), 403, "forbidden");
    assertProblem(worker.get("/metrics"), 403, "forbidden");
    assertProblem(
        alice.post("/workers/wordcount/lease", "{\"worker_id\":\"a\",\"wait_seconds\":0}"),
        403,
        "forbidden");
    assertProblem(
        worker.post("/workers/nope/lease", "{\"worker_id\":\"a\",\"wait_seconds\":0}"),
        404,
        "unknown_task_type");
    assertProblem(
        worker.post("/workers/wordcount/lease", "{\"worker_id\":\"a b\"}"),
        400,
        "invalid_worker_id");

    JsonObject task = leaseOne("last");
    JsonObject seen = externalWorkers();
    assertEquals(1, seen.getInt("busy"), seen.toString());
    assertTrue(seen.getInt("workers") >= 1, seen.toString());
    assertFalse(seen.isNull("last_heartbeat"), seen.toString());
    assertTrue(seen.toString().contains("\"last\""), seen.toString());
    assertEquals(
        1,
        node.api()
            .as(TestCredentials.OPERATOR)
            .get("/workers")
            .json()
            .getJsonObject("types")
            .getJsonObject("wordcount")
            .getInt("busy"));
    // Beside the nodes, and as pools' gauges are
    JsonObject nodes = node.api().as(TestCredentials.OPERATOR).get("/nodes").json();
    assertEquals(
        1,
        nodes.getJsonObject("external_workers").getJsonObject("wordcount").getInt("busy"),
        nodes.toString());
    String gauges = node.management().get("/metrics").body();
    assertTrue(
        gauges
            .lines()
            .anyMatch(
                line ->
                    line.startsWith("docbatch_external_workers{")
                        && line.contains("state=\"busy\"")
                        && line.contains("worker_type=\"wordcount\"")
                        && line.endsWith("} 1.0")),
        gauges.lines().filter(l -> l.contains("external")).toList().toString());
    assertEquals(
        200, complete(task.getString("task_id"), task.getString("lease_token"), "{}").status());
    alice.awaitFinished(job, Duration.ofSeconds(30));
  }

  private String submit(String... documents) {
    StringBuilder list = new StringBuilder();
    for (String document : documents) {
      list.append(list.length() == 0 ? "" : ",").append('"').append(document).append('"');
    }
    Answer submitted =
        alice.post("/jobs", "{\"job_type\":\"wordcount\",\"documents\":[" + list + "]}");
    assertEquals(202, submitted.status(), submitted.body());
    return submitted.json().getString("job_id");
  }

  private JsonObject leaseOne(String workerId) {
    Answer leased =
        worker.post(
            "/workers/wordcount/lease",
            "{\"worker_id\":\"" + workerId + "\",\"max\":1,\"wait_seconds\":20}");
    assertEquals(200, leased.status(), leased.body());
    assertEquals(1, leased.json().getJsonArray("tasks").size(), leased.body());
    return leased.json().getJsonArray("tasks").getJsonObject(0);
  }

  private Answer complete(String taskId, String token, String result) {
    return worker.post(
        "/tasks/" + taskId + "/complete",
        "{\"lease_token\":\"" + token + "\",\"result\":" + result + "}");
  }

  private JsonObject resultOf(String job, int index) {
    return alice.get("/jobs/" + job + "/results").json().getJsonArray("results").stream()
        .map(v -> v.asJsonObject())
        .filter(r -> r.getInt("index") == index)
        .findFirst()
        .orElseThrow();
  }

  private JsonObject externalWorkers() {
    return node.api()
        .get("/metrics")
        .json()
        .getJsonObject("external_workers")
        .getJsonObject("by_type")
        .getJsonObject("wordcount");
  }

  private Process startWorker(String id, int delaySeconds) throws IOException {
    String base = node.server().api("").toString().replaceFirst("/api$", "");
    Path log = node.work().resolve("worker-" + id + ".log");
    Process process =
        new ProcessBuilder(
                "python3",
                WORKER_PY.toString(),
                "wordcount",
                "--url",
                base,
                "--key",
                TestCredentials.WORKER_KEY,
                "--id",
                id,
                "--wait",
                "5",
                "--delay",
                Integer.toString(delaySeconds))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(process);
    return process;
  }

  /**
   * Workers long-polling an empty queue share the node's look at it: 24 waiting three seconds cost
   * Redis about what one does (one take every 250 ms between them), where each used to run its own
   * takes. The node's own idle pools run scripts meanwhile too, the same in both windows.
   */
  @Test
  @Order(6)
  void idleLongPollsShareOneLookAtTheQueue() throws Exception {
    try (RedisClient redis = node.redis().client()) {
      long one = scriptsWhileWaiting(redis, 1);
      long many = scriptsWhileWaiting(redis, 24);

      // 23 more waiters each taking on their own: up to 23 x 12 = 276 more takes.
      assertTrue(many - one < 80, "one waiter: " + one + " scripts, 24: " + many);
    }
  }

  /**
   * The scripts Redis ran while {@code waiters} leases waited 3 s on the empty {@code idle} queue.
   */
  private long scriptsWhileWaiting(RedisClient redis, int waiters) throws Exception {
    CommandStats.reset(redis);
    ExecutorService pool = Executors.newFixedThreadPool(waiters);
    try {
      List<Future<Answer>> leases = new ArrayList<>();
      for (int i = 0; i < waiters; i++) {
        String body = "{\"worker_id\":\"idle-" + i + "\",\"wait_seconds\":3}";
        leases.add(pool.submit(() -> worker.post("/workers/idle/lease", body)));
      }
      for (Future<Answer> lease : leases) {
        Answer answer = lease.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(0, answer.json().getJsonArray("tasks").size(), answer.body());
      }
    } finally {
      pool.shutdownNow();
    }
    return CommandStats.scriptCalls(redis);
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertTrue(answer.body().contains("\"code\":\"" + code + "\""), answer.body());
  }

  private static void assertProblem(int status, int expected) {
    assertEquals(expected, status);
  }
}
