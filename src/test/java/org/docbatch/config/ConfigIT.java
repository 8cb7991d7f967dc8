package org.docbatch.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration as an operator meets it, on the real bootable JAR: a YAML file of the spec's
 * shape with environment variables over it, JSON logs, and a node that refuses to start on a bad
 * configuration. Two server starts: one configured node shared by two tests, one that must exit.
 */
class ConfigIT {

  private static OwnNode node;
  private static ApiClient api;
  private static RedisServer redis;

  @BeforeAll
  static void startConfiguredNode() throws Exception {
    OwnNode.Builder configured = OwnNode.in("config");
    Files.writeString(configured.documents().resolve("a.txt"), "a document\n");
    redis = RedisServer.start(configured.work().resolve("redis"));
    Path file =
        Files.writeString(
            configured.work().resolve("docbatch.yaml"),
            "redis_url: "
                + redis.url()
                + "\n"
                + """
            max_queue_size: 5
            worker_pools:
              ocr:
                min_workers: 2
                max_workers: 3
              nlp:
                max_workers: 2
            features:
              alerts: false
            """);
    node =
        configured
            .on(redis)
            // As bin/run starts a node: its own defaults below the file (issue 24), which names
            // the Redis; these would point nowhere and allow 77 documents.
            .without("REDIS_URL")
            .with("DOCBATCH_DEFAULT_REDIS_URL", "redis://127.0.0.1:1/0")
            .with("DOCBATCH_DEFAULT_MAX_QUEUE_SIZE", "77")
            .with("DOCBATCH_DEFAULT_JOB_TTL", "4242")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("CONFIG_FILE", file.toString())
            .with("NLP_WORKERS", "1")
            .with("LOG_FORMAT", "json")
            .start();
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void theFileSetsKeysAndTheEnvironmentOverridesIt() {
    JsonObject config = api.get("/config").json();
    JsonObject pools = config.getJsonObject("worker_pools");

    assertEquals(3, pools.getJsonObject("ocr").getInt("max_workers"), "from the file");
    assertEquals(2, pools.getJsonObject("ocr").getInt("min_workers"), "from the file");
    assertEquals(1, pools.getJsonObject("nlp").getInt("max_workers"), "NLP_WORKERS over the file");
    assertEquals(6, pools.getJsonObject("validation").getInt("max_workers"), "the default");
    assertEquals(5, config.getInt("max_queue_size"));
    assertEquals(redis.url(), config.getString("redis_url"), "the file over bin/run's default");
    assertEquals(4242, config.getInt("job_ttl"), "bin/run's default where nothing else says");
    assertEquals(false, config.getJsonObject("features").getBoolean("alerts"), "file over profile");

    // The code reads the file's value, not only the endpoint: six documents are one too many.
    JsonArrayBuilder six = Json.createArrayBuilder();
    for (int i = 0; i < 6; i++) {
      six.add("a.txt");
    }
    ApiClient.Answer tooMany =
        api.post("/jobs", "{\"job_type\": \"noop\", \"documents\": " + six.build() + "}");
    assertEquals(413, tooMany.status(), tooMany.body());

    ApiClient.Answer yaml = api.get("/config/default?format=yaml");
    assertEquals(200, yaml.status());
    assertTrue(
        yaml.body().contains("worker_pools:\n  validation:\n    min_workers: 1\n"), yaml.body());
    assertEquals(400, api.get("/config?format=xml").status());
  }

  @Test
  void logFormatJsonPrintsOneJsonObjectPerLineWithMessageIds() throws Exception {
    ApiClient.Answer submitted =
        api.post("/jobs", "{\"job_type\": \"noop\", \"documents\": [\"a.txt\"]}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");

    List<JsonObject> records =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> docbatchRecords(node.server().log()),
                found -> found.stream().anyMatch(r -> r.getString("message").contains(id)));

    JsonObject submission =
        records.stream()
            .filter(r -> r.getString("message").startsWith("DOCBATCH-0101"))
            .findFirst()
            .orElseThrow();
    assertTrue(submission.getString("message").contains(id), submission.toString());
    assertEquals("INFO", submission.getString("level"));
    assertTrue(submission.getString("loggerName").startsWith("org.docbatch."));
    assertTrue(
        records.stream().anyMatch(r -> r.getString("message").startsWith("DOCBATCH-0702")),
        "the configuration's start-up line");
  }

  @Test
  void anInvalidConfigurationStopsTheNodeWithOneMessageNamingEveryBadKey() throws Exception {
    Path file =
        Files.writeString(
            node.work().resolve("bad.json"),
            "{\"max_error_rate\": 2, \"worker_pools\": {\"ocr\": {\"max_workerz\": 4}}}");
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", "http://127.0.0.1:" + redis.port());
    env.put("CONFIG_FILE", file.toString());
    env.put("MAX_QUEUE_SIZE", "lots");
    env.put("OCR_ISOLATION", "container");
    env.put("NLP_MIN_WORKERS", "9");
    env.put("DOCBATCH_PROFILE", "staging");

    try (DocbatchServer bad = DocbatchServer.launch(node.work().resolve("bad-node"), env)) {
      int status = bad.awaitExit(Duration.ofMinutes(2));

      assertEquals(ConfigValidationExtension.EXIT_STATUS, status);
      String log = Files.readString(bad.log());
      List<String> messages =
          log.lines().filter(line -> line.contains(ConfigValidator.INVALID)).toList();
      assertEquals(1, messages.size(), "one message: " + messages);
      int start = log.indexOf(ConfigValidator.INVALID);
      String message = log.substring(start, Math.min(log.length(), start + 4000));
      for (String bit :
          List.of(
              "(7 problems)",
              "max.error.rate (MAX_ERROR_RATE) = \"2\" (from config file",
              "worker_pools.ocr.max_workerz",
              "REDIS_URL",
              "MAX_QUEUE_SIZE",
              "OCR_ISOLATION",
              "NLP_MIN_WORKERS",
              "DOCBATCH_PROFILE")) {
        assertTrue(message.contains(bit), bit + " in " + message);
      }
    }
  }

  /**
   * The log's JSON lines from docbatch's own loggers; fails on a docbatch line that is not JSON.
   */
  private static List<JsonObject> docbatchRecords(Path log) throws Exception {
    List<JsonObject> records = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.contains("DOCBATCH-")) {
        parse(line)
            .filter(r -> r.getString("loggerName", "").startsWith("org.docbatch"))
            .ifPresentOrElse(
                records::add,
                () -> {
                  throw new AssertionError("not a JSON log line: " + line);
                });
      }
    }
    return records;
  }

  private static Optional<JsonObject> parse(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      return Optional.of(reader.readObject());
    } catch (JsonException e) {
      return Optional.empty();
    }
  }
}
