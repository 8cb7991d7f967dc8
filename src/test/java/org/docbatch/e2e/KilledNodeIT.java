package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.Jsr352History;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A node killed with {@code kill -9} in the middle of a job loses nothing: the job is taken over,
 * when the node comes back or by another node, its finished documents keep their results, and the
 * rest run, each document ending with exactly one result.
 */
class KilledNodeIT {

  private static final int DOCUMENTS = 40;

  private RedisServer redis;
  private OwnNode.Builder nodes;

  @BeforeEach
  void startRedis() throws Exception {
    nodes =
        OwnNode.in("killed-node")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "2")
            .with("NODE_HEARTBEAT_INTERVAL", "1")
            .with("NODE_TIMEOUT", "3");
    NoopJobs.writeDocuments(nodes.documents(), "doc", DOCUMENTS);
    redis = RedisServer.start(nodes.work().resolve("redis"));
    nodes.on(redis);
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void aKilledNodeResumesItsJobWhenItComesBack() throws Exception {
    nodes.with("NODE_ID", "durable-node");
    String id;
    try (OwnNode first = nodes.start()) {
      ApiClient api = first.api();
      id = NoopJobs.submit(api, "doc", DOCUMENTS, 0, NoopJobs.delay(250));
      awaitSomeButNotAllDone(api, id);
      first.server().kill();
    }
    JobObservation killed = observe(id);

    try (OwnNode second = nodes.start()) {
      ApiClient api = second.api();
      JobObservation done = awaitCompleted(api, id);

      assertEveryDocumentHasOneResult(done);
      assertTrue(
          done.successfulIndexes().containsAll(killed.successfulIndexes()),
          "documents finished before the kill keep their results");
      assertEquals(1, done.job().getInt("recoveries"));
      assertEquals("durable-node", done.job().getString("node"));
      assertJsr352History(id);
    }
  }

  @Test
  void anotherNodeTakesOverTheJobOfAKilledNode() throws Exception {
    try (OwnNode survivor = nodes.start();
        OwnNode doomed = nodes.start()) {
      ApiClient doomedApi = doomed.api();
      ApiClient survivorApi = survivor.api();
      String id = NoopJobs.submit(doomedApi, "doc", DOCUMENTS, 0, NoopJobs.delay(250));
      String doomedNode = doomedApi.get("/jobs/" + id).json().getString("node");
      awaitSomeButNotAllDone(doomedApi, id);

      long killedAt = System.nanoTime();
      doomed.server().kill();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> survivorApi.get("/jobs/" + id).json().getInt("recoveries") == 1);
      long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
      JobObservation done = awaitCompleted(survivorApi, id);

      assertEveryDocumentHasOneResult(done);
      assertTrue(!doomedNode.equals(done.job().getString("node")), "the survivor coordinates it");
      // NODE_TIMEOUT (3 s) for the heartbeat to expire, plus one scan interval (1 s), plus slack.
      assertTrue(takeoverMillis < 8_000, "taken over " + takeoverMillis + " ms after the kill");
      assertJsr352History(id);
    }
  }

  private static void awaitSomeButNotAllDone(ApiClient api, String id) {
    JsonObject job =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> api.get("/jobs/" + id).json(), j -> j.getInt("completed_tasks") >= 4);
    assertTrue(job.getInt("completed_tasks") < DOCUMENTS / 2, "killed mid-job: " + job);
  }

  /** The job and its results as Redis holds them, read without a server. */
  private record JobObservation(JsonObject job, List<JsonObject> results) {
    Set<Integer> successfulIndexes() {
      Set<Integer> indexes = new HashSet<>();
      for (JsonObject result : results) {
        if ("completed".equals(result.getString("status"))) {
          indexes.add(result.getInt("index"));
        }
      }
      return indexes;
    }
  }

  private JobObservation observe(String id) {
    try (RedisClient client = redis.client()) {
      List<JsonObject> results =
          client.hvals("docbatch:job:{" + id + "}:results").stream()
              .map(r -> Json.createReader(new java.io.StringReader(r)).readObject())
              .toList();
      return new JobObservation(JsonValue.EMPTY_JSON_OBJECT, results);
    }
  }

  private static JobObservation awaitCompleted(ApiClient api, String id) {
    JsonObject job =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> api.get("/jobs/" + id).json(), j -> j.containsKey("finished_at"));
    assertEquals("COMPLETED", job.getString("status"), job.toString());
    JsonObject page = api.get("/jobs/" + id + "/results?limit=100").json();
    List<JsonObject> results =
        page.getJsonArray("results").stream().map(JsonValue::asJsonObject).toList();
    return new JobObservation(job, results);
  }

  private static void assertEveryDocumentHasOneResult(JobObservation done) {
    assertEquals(DOCUMENTS, done.job().getInt("completed_tasks"), "no document counted twice");
    assertEquals(0, done.job().getInt("failed_tasks"));
    assertEquals(DOCUMENTS, done.results().size());
    for (int i = 0; i < DOCUMENTS; i++) {
      JsonObject result = done.results().get(i);
      assertEquals(i, result.getInt("index"));
      assertEquals("completed", result.getString("status"), result.toString());
    }
  }

  /** One JSR-352 job instance: the killed execution FAILED (NODE_LOST), its restart COMPLETED. */
  private void assertJsr352History(String id) {
    List<JobExecution> history = Jsr352History.of(redis, id);
    assertEquals(2, history.size(), "one instance, two executions");
    assertEquals(BatchStatus.FAILED, history.get(0).getBatchStatus());
    assertEquals("NODE_LOST", history.get(0).getExitStatus());
    assertEquals(BatchStatus.COMPLETED, history.get(1).getBatchStatus());
  }
}
