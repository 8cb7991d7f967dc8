package org.docbatch.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node's own alerts reach a webhook, once per episode: a job whose documents mostly fail raises
 * {@code high_error_rate} once and resolves it once, a crashing document raises {@code
 * worker_failure}, a job refused for a full queue raises {@code queue_overflow}. One node (alerts
 * every second, {@code FEATURES_ALERTS=true}) and a local HTTP server as the webhook; the queue's
 * figures by tier are read from the same node while work of two tiers waits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT {

  private static final int MAX_QUEUE_SIZE = 100;

  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer webhook;
  private OwnNode node;
  private DocbatchServer server;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    OwnNode.Builder alerting = OwnNode.in("alerts");
    for (String name : List.of("good", "bad", "crash", "slow", "low")) {
      for (int i = 0; i < 80; i++) {
        Files.writeString(
            alerting.documents().resolve(name + "-" + i + ".txt"), name + " " + i + "\n");
      }
    }
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(json(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhook.start();
    node =
        alerting
            .with("NODE_ID", "alerts-node")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "2")
            .with("NOOP_MAX_RETRIES", "1")
            .with("RETRY_BACKOFF_SECONDS", "0.2")
            .with("MAX_QUEUE_SIZE", Integer.toString(MAX_QUEUE_SIZE))
            .with("HEALTH_CHECK_INTERVAL", "1")
            .with("MAX_ERROR_RATE", "0.2")
            .with("ALERT_ERROR_MIN_DOCUMENTS", "10")
            .with("ALERT_ERROR_WINDOW", "4")
            .with("FEATURES_ALERTS", "true")
            .with(
                "ALERT_WEBHOOK_URL",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts")
            .start();
    server = node.server();
    api = node.api();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  @Test
  @Order(1)
  void queuedWorkIsCountedByTier() throws Exception {
    String high = submit("slow", 20, 10, "{\"delay_ms\": 600}");
    String low = submit("low", 4, -10, "{}");

    // The low-priority job waits behind the high one on the node's two workers.
    JsonObject queue =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> api.get("/metrics").json().getJsonObject("queue"),
                q -> tiers(q).getInt("high") > 0 && tiers(q).getInt("low") == 4);
    JsonObject noop = queue.getJsonObject("by_type").getJsonObject("noop");
    assertEquals(noop.getInt("waiting") + noop.getInt("delayed"), noop.getInt("queued"));
    assertEquals("cluster", queue.getString("scope"));
    assertEquals(MAX_QUEUE_SIZE, queue.getInt("max_queue_size"));

    PrometheusText metrics = scrape();
    assertTrue(
        metrics.value("docbatch_queue_waiting", "worker_type=\"noop\"", "tier=\"low\"").orElse(0)
            >= 0,
        "tiered gauge");
    assertEquals(
        MAX_QUEUE_SIZE, metrics.value("docbatch_queue_limit").orElse(-1), 0, "queue limit");

    api.awaitFinished(high, Duration.ofMinutes(1));
    api.awaitFinished(low, Duration.ofMinutes(1));
  }

  @Test
  @Order(2)
  void aJobWhoseDocumentsMostlyFailAlertsOnceThenResolves() throws Exception {
    JsonArrayBuilder documents = Json.createArrayBuilder();
    for (int i = 0; i < 30; i++) {
      documents.add("bad-" + i + ".txt");
      if (i % 3 == 0) {
        documents.add("good-" + i + ".txt");
      }
    }
    documents.add("crash-0.txt");
    String id =
        api.post(
                "/jobs",
                Json.createObjectBuilder()
                    .add("job_type", "noop")
                    .add("documents", documents)
                    .add(
                        "options",
                        Json.createObjectBuilder()
                            .add("delay_ms", 50)
                            .add("fail_matching", "bad")
                            .add("crash_matching", "crash"))
                    .build()
                    .toString())
            .json()
            .getString("job_id");
    api.awaitFinished(id, Duration.ofMinutes(1));

    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> notices("high_error_rate", "resolved").size() == 1);
    List<JsonObject> firing = notices("high_error_rate", "firing");
    assertEquals(1, firing.size(), "sent once while firing: " + received);
    JsonObject alert = firing.get(0);
    assertEquals("warning", alert.getString("severity"));
    assertEquals("alerts-node", alert.getString("node"));
    assertEquals(0.2, alert.getJsonNumber("threshold").doubleValue(), 1e-9);
    assertTrue(alert.getJsonNumber("value").doubleValue() > 0.2, alert.toString());
    assertTrue(alert.getString("message").contains("documents failed"), alert.toString());
    Instant firstSeen = Instant.parse(alert.getString("first_seen"));
    assertEquals(
        firstSeen,
        Instant.parse(notices("high_error_rate", "resolved").get(0).getString("first_seen")));

    // The crashing document ran twice (NOOP_MAX_RETRIES=1) and was dead-lettered.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !notices("worker_failure", "firing").isEmpty());
    PrometheusText metrics = scrape();
    assertEquals(1, metrics.value("docbatch_alerts_total", "alert=\"high_error_rate\"").orElse(0));
    assertTrue(
        metrics.value("docbatch_tasks_retried_total", "worker_type=\"noop\"").orElse(0) >= 1,
        "retries counted");
    assertEquals(
        1, metrics.value("docbatch_tasks_dead_lettered_total", "worker_type=\"noop\"").orElse(0));
    JsonObject tasks =
        api.get("/metrics")
            .json()
            .getJsonObject("tasks")
            .getJsonObject("by_type")
            .getJsonObject("noop");
    assertEquals(31, tasks.getInt("failed"), tasks.toString());
    assertEquals(1, tasks.getInt("dead_lettered"), tasks.toString());
  }

  @Test
  @Order(3)
  void aJobRefusedForAFullQueueIsAQueueOverflow() throws Exception {
    // About 38 documents wait behind the two busy workers: 70 more would pass MAX_QUEUE_SIZE.
    String filling = submit("slow", 40, 0, "{\"delay_ms\": 2000}");
    try {
      // Partitions reach the queue just after their job is accepted (docs/dispatch.md: queue
      // limit).
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> waiting(api.get("/metrics").json(), "noop") >= 31);
      ApiClient.Answer refused = api.post("/jobs", job("low", 70, 0, "{}"));
      assertEquals(503, refused.status(), refused.body());

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> !notices("queue_overflow", "firing").isEmpty());
    } finally {
      api.delete("/jobs/" + filling);
    }
    assertEquals(1, notices("high_error_rate", "firing").size(), "still sent once: " + received);
    String log = Files.readString(server.log());
    assertTrue(log.contains("DOCBATCH-0801 Alert high_error_rate"), "alert logged");
    assertTrue(log.contains("DOCBATCH-0802 Alert high_error_rate resolved"), "resolution logged");
    assertTrue(log.contains("Performance metrics (DOCBATCH-0810) {"), "performance line");
  }

  private String submit(String prefix, int count, int priority, String options) {
    ApiClient.Answer answer = api.post("/jobs", job(prefix, count, priority, options));
    assertEquals(202, answer.status(), answer.body());
    return answer.json().getString("job_id");
  }

  private static String job(String prefix, int count, int priority, String options) {
    JsonArrayBuilder documents = Json.createArrayBuilder();
    for (int i = 0; i < count; i++) {
      documents.add(prefix + "-" + i + ".txt");
    }
    return "{\"job_type\": \"noop\", \"priority\": "
        + priority
        + ", \"options\": "
        + options
        + ", \"documents\": "
        + documents.build()
        + "}";
  }

  private static int waiting(JsonObject summary, String type) {
    return summary
        .getJsonObject("queue")
        .getJsonObject("by_type")
        .getJsonObject(type)
        .getInt("waiting");
  }

  private static JsonObject tiers(JsonObject queue) {
    JsonObject noop = queue.getJsonObject("by_type").getJsonObject("noop");
    return noop == null
        ? Json.createObjectBuilder().add("high", 0).add("low", 0).build()
        : noop.getJsonObject("by_tier");
  }

  private List<JsonObject> notices(String alert, String status) {
    return received.stream()
        .filter(n -> n.getString("alert").equals(alert) && n.getString("status").equals(status))
        .toList();
  }

  private PrometheusText scrape() throws IOException, InterruptedException {
    URI uri = server.management("/metrics");
    return new PrometheusText(
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
