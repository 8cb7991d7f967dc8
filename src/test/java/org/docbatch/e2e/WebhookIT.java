package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Job callbacks (issue 21) against a real HTTP receiver on a loopback port: signed, delivered once,
 * tried again after 5xx with backoff, delivered by another node after the first was killed, and
 * never sent to an address the policy refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookIT {

  private static final String SECRET = "a-webhook-secret-of-the-test-0123456789";

  private RedisServer redis;
  private OwnNode.Builder nodes;
  private OwnNode nodeA;
  private OwnNode nodeB;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** How many of the next requests the receiver answers 500. */
  private final AtomicInteger failNext = new AtomicInteger();

  record Received(String path, String event, String delivery, String signature, String body) {}

  @BeforeAll
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Docbatch-Event"),
                  exchange.getRequestHeaders().getFirst("Docbatch-Delivery"),
                  exchange.getRequestHeaders().getFirst("Docbatch-Signature"),
                  body));
          int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    nodes =
        OwnNode.in("webhook")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("WEBHOOK_SECRET", SECRET)
            .with("WEBHOOK_ALLOW_HTTP", "true")
            .with("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")
            .with("WEBHOOK_RETRY_BASE_SECONDS", "1");
    NoopJobs.writeDocuments(nodes.documents(), "w", 3);
    redis = RedisServer.start(nodes.work().resolve("redis"));
    nodes.on(redis);
    nodeA = nodes.with("NODE_ID", "node-a").start();
  }

  @AfterAll
  void stop() {
    for (OwnNode node : new OwnNode[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
    receiver.stop(0);
    redis.close();
  }

  @Test
  @Order(1)
  void aFinishedJobIsAnnouncedOnceWithAValidSignature() throws Exception {
    String id = submit(nodeA.api(), callback("/once"));
    nodeA.api().awaitFinished(id, Duration.ofMinutes(1));

    await().atMost(Duration.ofSeconds(20)).until(() -> to("/once").size() == 1);
    Received call = to("/once").get(0);
    assertEquals("job.finished", call.event());
    assertTrue(verified(call), "the signature checks out: " + call.signature());
    JsonObject job = Json.createReader(new StringReader(call.body())).readObject();
    assertEquals(id, job.getString("job_id"));
    assertEquals("COMPLETED", job.getString("status"));
    assertEquals("/api/jobs/" + id + "/results", job.getString("results_url"));
    JsonObject delivery =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> deliveries(nodeA.api(), id).get(0),
                d -> d.getString("state").equals("delivered"));
    assertEquals(1, delivery.getInt("attempts"));
    assertEquals(call.delivery(), delivery.getString("id"));
    assertEquals("http://127.0.0.1:" + receiver.getAddress().getPort(), delivery.getString("url"));
    // Nothing more comes for it.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertEquals(1, to("/once").size());
  }

  @Test
  @Order(2)
  void aReceiverAnswering500TwiceGetsItThriceTheLastAfterBackoff() {
    failNext.set(2);
    String id = submit(nodeA.api(), callback("/flaky"));

    await().atMost(Duration.ofSeconds(40)).until(() -> to("/flaky").size() == 3);
    List<Received> calls = to("/flaky");
    assertEquals(1, calls.stream().map(Received::delivery).distinct().count(), "one delivery");
    JsonObject delivery =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> deliveries(nodeA.api(), id).get(0),
                d -> d.getString("state").equals("delivered"));
    assertEquals(3, delivery.getInt("attempts"));
  }

  @Test
  @Order(3)
  void aRefusedAddressIsRefusedAtSubmitAndNeverCalled() {
    int port = receiver.getAddress().getPort();
    for (String url :
        List.of(
            "http://localhost:" + port + "/refused", // not listed: loopback by name
            "http://10.1.2.3/refused",
            "ftp://127.0.0.1/refused")) {
      ApiClient.Answer answer =
          nodeA.api().post("/jobs", request(Json.createObjectBuilder().add("url", url).build()));
      assertEquals(400, answer.status(), answer.body());
      assertEquals("invalid_callback", answer.json().getString("code"), answer.body());
    }
    assertEquals(0, to("/refused").size());
  }

  @Test
  @Order(4)
  void finishedDocumentsAreAnnouncedInBatchesEachOnce() {
    JsonObject callback =
        Json.createObjectBuilder()
            .add("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/documents")
            .add("events", Json.createArrayBuilder().add("document.finished").add("job.finished"))
            .build();
    String body =
        Json.createObjectBuilder()
            .add("job_type", "noop")
            .add(
                "documents", Json.createArrayBuilder().add("w-0.txt").add("w-1.txt").add("w-2.txt"))
            .add("options", Json.createObjectBuilder().add("delay_ms", 700))
            .add("callback", callback)
            .build()
            .toString();
    ApiClient.Answer answer = nodeA.api().post("/jobs", body);
    assertEquals(202, answer.status(), answer.body());
    String id = answer.json().getString("job_id");

    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                to("/documents").stream().anyMatch(c -> "job.finished".equals(c.event()))
                    && announced(id).size() == 3);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    List<Integer> documents = announced(id);
    assertEquals(List.of(0, 1, 2), documents.stream().sorted().toList(), "each once: " + documents);
    for (Received call : to("/documents")) {
      assertTrue(verified(call), call.signature());
    }
    assertEquals(
        1, to("/documents").stream().filter(c -> "job.finished".equals(c.event())).count());
  }

  /** The document indexes every document.finished call of the job carried, in arrival order. */
  private List<Integer> announced(String job) {
    List<Integer> indexes = new ArrayList<>();
    for (Received call : to("/documents")) {
      if ("document.finished".equals(call.event())) {
        JsonObject batch = Json.createReader(new StringReader(call.body())).readObject();
        assertEquals(job, batch.getString("job_id"));
        for (JsonValue document : batch.getJsonArray("documents")) {
          JsonObject outcome = document.asJsonObject();
          assertEquals("completed", outcome.getString("status"), outcome.toString());
          indexes.add(outcome.getInt("index"));
        }
      }
    }
    return indexes;
  }

  /** Last: it kills node A. */
  @Test
  @Order(5)
  void anotherNodeDeliversWhenTheFirstIsKilledBetweenAttempts() throws IOException {
    failNext.set(1_000);
    String id = submit(nodeA.api(), callback("/survives"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> deliveries(nodeA.api(), id),
            d -> !d.isEmpty() && d.get(0).getInt("attempts") >= 1);
    nodeA.server().kill();
    failNext.set(0);
    int before = to("/survives").size();

    // Node B also has a default callback its policy refuses at delivery: a job submitted without
    // one says why in its deliveries, and the receiver never sees it.
    int port = receiver.getAddress().getPort();
    nodeB =
        nodes
            .with("NODE_ID", "node-b")
            .with("JOB_WEBHOOK_URL", "http://localhost:" + port + "/default")
            .start();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deliveries(nodeB.api(), id).get(0).getString("state").equals("delivered"));
    assertTrue(to("/survives").size() > before);
    String plain = NoopJobs.submit(nodeB.api(), "w", 1, 0, JsonValue.EMPTY_JSON_OBJECT);
    JsonObject refused =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> deliveries(nodeB.api(), plain),
                d -> !d.isEmpty() && d.get(0).getString("state").equals("failed"))
            .get(0);
    assertTrue(
        refused.getString("last_error").contains("WEBHOOK_ALLOWED_HOSTS"), refused.toString());
    assertEquals(0, to("/default").size());
  }

  private JsonObject callback(String path) {
    return Json.createObjectBuilder()
        .add("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + path + "?token=x")
        .add("events", Json.createArrayBuilder().add("job.finished"))
        .build();
  }

  private static String request(JsonObject callback) {
    return Json.createObjectBuilder()
        .add("job_type", "noop")
        .add("documents", Json.createArrayBuilder().add("w-0.txt").add("w-1.txt"))
        .add("callback", callback)
        .build()
        .toString();
  }

  private static String submit(ApiClient api, JsonObject callback) {
    ApiClient.Answer answer = api.post("/jobs", request(callback));
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }

  private List<Received> to(String path) {
    List<Received> calls = new ArrayList<>();
    for (Received call : received) {
      if (call.path().equals(path)) {
        calls.add(call);
      }
    }
    return calls;
  }

  private static List<JsonObject> deliveries(ApiClient api, String job) {
    return api.get("/jobs/" + job + "/deliveries").json().getJsonArray("deliveries").stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  /** What a receiver does: recompute the HMAC of "t.body" and refuse an old timestamp. */
  private static boolean verified(Received call) {
    String[] parts = call.signature().split(",");
    long t = Long.parseLong(parts[0].substring(2));
    String v1 = parts[1].substring(3);
    String expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      expected =
          HexFormat.of()
              .formatHex(mac.doFinal((t + "." + call.body()).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return expected.equals(v1) && Math.abs(Instant.now().getEpochSecond() - t) < 300;
  }
}
