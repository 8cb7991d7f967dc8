package org.docbatch.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.docbatch.monitoring.PrometheusRules;
import org.docbatch.redis.RedisVersion;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health probes and Prometheus metrics on the management port, as an operator reads them. */
@ExtendWith(DocbatchExtension.class)
class HealthAndMetricsIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void probesAreUpWithTheirChecks(Docbatch docbatch) throws Exception {
    JsonObject ready = json(get(docbatch.server().management("/health/ready")));
    assertEquals("UP", ready.getString("status"));
    assertTrue(ready.toString().contains("\"redis\""), ready.toString());
    assertEquals("UP", json(get(docbatch.server().management("/health/live"))).getString("status"));
    JsonObject workers =
        ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(check -> check.getString("name").equals("worker-pools"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("data");
    // Workers and busy ones depend on what other integration tests sharing the server still run:
    // the autoscaler keeps the pool between min_workers (1) and max_workers (6).
    assertTrue(
        workers.getString("validation").matches("[1-6]/6 workers, [0-6] busy, \\d+ replaced"),
        workers.toString());
    assertTrue(workers.getInt("total_workers") >= 4, workers.toString());
    // The Redis it runs on, which it would refuse below 6.2 (redis/RedisVersion).
    String version =
        ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(check -> check.getString("name").equals("redis"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("data")
            .getString("version");
    assertTrue(
        RedisVersion.fromInfo("redis_version:" + version).orElseThrow().supported(), version);
    JsonObject started = json(get(docbatch.server().management("/health/started")));
    assertTrue(started.toString().contains("batch-engine"), started.toString());
  }

  @Test
  void jobAndDocumentCountersAreExported(Docbatch docbatch) throws Exception {
    Files.writeString(docbatch.documentRoot().resolve("metrics.txt"), "counted\n");
    String id =
        docbatch
            .api()
            .post("/jobs", "{\"job_type\": \"validation\", \"documents\": [\"metrics.txt\"]}")
            .json()
            .getString("job_id");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> docbatch.api().get("/jobs/" + id).json().containsKey("finished_at"));

    String metrics = get(docbatch.server().management("/metrics")).body();

    assertTrue(metrics.contains("docbatch_jobs_submitted_total{"), "submitted counter missing");
    assertTrue(
        metrics.matches(
            "(?s).*docbatch_jobs_completed_total\\{[^}]*job_type=\"validation\"[^}]*} [1-9].*"),
        "completed counter");
    assertTrue(
        metrics.matches(
            "(?s).*docbatch_documents_processed_total\\{[^}]*job_type=\"validation\"[^}]*} [1-9].*"),
        "documents counter");
  }

  @Test
  void issue6MetricsAndTheJsonSummaryCarryRealFigures(Docbatch docbatch) throws Exception {
    Files.writeString(docbatch.documentRoot().resolve("summary-1.txt"), "one\n");
    Files.writeString(docbatch.documentRoot().resolve("summary-2.txt"), "two\n");
    String id =
        docbatch
            .api()
            .post(
                "/jobs",
                "{\"job_type\": \"validation\", \"priority\": 10,"
                    + " \"documents\": [\"summary-1.txt\", \"summary-2.txt\"]}")
            .json()
            .getString("job_id");
    docbatch.api().awaitFinished(id, Duration.ofMinutes(1));

    PrometheusText metrics =
        new PrometheusText(get(docbatch.server().management("/metrics")).body());
    String validation = "worker_type=\"validation\"";
    double workers =
        metrics.value("docbatch_workers", validation, "state=\"idle\"").orElse(-1)
            + metrics.value("docbatch_workers", validation, "state=\"busy\"").orElse(-1);
    // The autoscaler keeps the pool between min_workers and max_workers.
    assertTrue(workers >= 1 && workers <= 6, workers + " validation workers");
    assertEquals(1, metrics.value("docbatch_workers_min", validation).orElse(-1));
    assertEquals(6, metrics.value("docbatch_workers_max", validation).orElse(-1));
    assertTrue(metrics.value("docbatch_worker_utilisation", validation).isPresent());
    // The validation pool's threads ran the job's documents: CPU time and heap were measured.
    assertTrue(metrics.value("docbatch_worker_cpu_seconds", validation).orElse(0) > 0);
    assertTrue(metrics.value("docbatch_worker_allocated_bytes", validation).orElse(0) > 0);
    assertTrue(metrics.value("docbatch_tasks_completed_total", validation).orElse(0) >= 2);
    assertTrue(metrics.value("docbatch_completions_written_total").orElse(0) >= 2);
    assertTrue(metrics.value("docbatch_completions_batches_total").orElse(0) >= 1);
    assertTrue(metrics.value("docbatch_completions_unwritten").isPresent());
    for (String tier : new String[] {"high", "normal", "low"}) {
      for (String state : new String[] {"waiting", "delayed", "leased"}) {
        assertTrue(
            metrics
                .value("docbatch_queue_" + state, validation, "tier=\"" + tier + "\"")
                .isPresent(),
            state + " " + tier);
      }
    }
    assertEquals(2000, metrics.value("docbatch_queue_limit").orElse(-1));
    assertEquals(1, metrics.value("docbatch_redis_up").orElse(-1));
    assertTrue(metrics.value("docbatch_redis_ping_seconds_count").orElse(0) >= 1);
    assertTrue(metrics.value("docbatch_disk_total_bytes", "folder=\"output\"").orElse(0) > 0);
    assertTrue(metrics.value("docbatch_system_memory_total_bytes").orElse(0) > 0);
    for (String name : PrometheusRules.metricNames(PrometheusRules.read(PrometheusRules.FILE))) {
      assertTrue(metrics.has(name), name + " is named by the alerting rules but not exported");
    }

    JsonObject summary = docbatch.api().get("/metrics").json();
    assertFalse(summary.getString("node").isEmpty());
    JsonObject pool =
        summary.getJsonObject("workers").getJsonObject("by_type").getJsonObject("validation");
    assertTrue(pool.getInt("workers") >= 1 && pool.getInt("workers") <= 6, pool.toString());
    assertEquals(1, pool.getInt("min_workers"));
    assertEquals(6, pool.getInt("max_workers"));
    assertTrue(summary.getJsonObject("workers").getInt("total_workers") >= 4);
    assertTrue(pool.getJsonNumber("cpu_seconds").doubleValue() > 0, pool.toString());
    JsonObject thread =
        summary
            .getJsonObject("workers")
            .getJsonArray("threads")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(t -> t.getString("worker_type").equals("validation"))
            .findFirst()
            .orElseThrow();
    assertTrue(thread.getString("worker").startsWith("validation-"), thread.toString());
    assertTrue(thread.getJsonNumber("allocated_mb").doubleValue() >= 0, thread.toString());
    JsonObject queue = summary.getJsonObject("queue");
    assertEquals("cluster", queue.getString("scope"));
    assertEquals(
        3,
        queue.getJsonObject("by_type").getJsonObject("validation").getJsonObject("by_tier").size());
    assertTrue(queue.getInt("current_queue_size") >= 0);
    JsonObject tasks =
        summary.getJsonObject("tasks").getJsonObject("by_type").getJsonObject("validation");
    assertTrue(tasks.getInt("completed") >= 2, tasks.toString());
    assertTrue(summary.getJsonObject("jobs").getInt("submitted") >= 1);
    assertTrue(summary.getJsonObject("jobs").getInt("completed") >= 1);
    JsonObject system = summary.getJsonObject("system");
    assertTrue(system.getInt("heap_used_mb") > 0, system.toString());
    assertTrue(system.getJsonObject("redis").getBoolean("connected"), system.toString());
    assertTrue(
        system.getJsonObject("redis").getJsonNumber("latency_ms").doubleValue() >= 0,
        system.toString());
  }

  /**
   * Issue 24: the spec's memory use per worker, for OCR, whose pages are read in child processes
   * (OCR_ISOLATION=process, the default): their resident memory, per pool and as a gauge.
   */
  @Test
  void theOcrChildProcessesResidentMemoryIsInTheSummaryAndAGauge(Docbatch docbatch)
      throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("rss-" + UUID.randomUUID()));
    Path page = OcrDocuments.cleanPng(folder);
    String id =
        docbatch
            .api()
            .post(
                "/jobs",
                "{\"job_type\": \"ocr\", \"documents\": [\""
                    + folder.getFileName()
                    + "/"
                    + page.getFileName()
                    + "\"]}")
            .json()
            .getString("job_id");
    assertEquals(
        "COMPLETED", docbatch.api().awaitFinished(id, Duration.ofMinutes(2)).getString("status"));

    // The child that read the page waits, idle, for the next one.
    JsonObject ocr =
        docbatch
            .api()
            .get("/metrics")
            .json()
            .getJsonObject("workers")
            .getJsonObject("by_type")
            .getJsonObject("ocr");
    assertTrue(ocr.getInt("child_processes") >= 1, ocr.toString());
    // A JVM with Tesseract's model loaded: tens of megabytes at least.
    assertTrue(ocr.getJsonNumber("child_rss_mb").doubleValue() > 20, ocr.toString());
    assertTrue(
        ocr.getJsonNumber("child_rss_max_mb").doubleValue()
            <= ocr.getJsonNumber("child_rss_mb").doubleValue(),
        ocr.toString());
    PrometheusText metrics =
        new PrometheusText(get(docbatch.server().management("/metrics")).body());
    String type = "worker_type=\"ocr\"";
    assertTrue(metrics.value("docbatch_worker_child_processes", type).orElse(0) >= 1);
    assertTrue(
        metrics.value("docbatch_worker_child_resident_bytes", type).orElse(0) > 20 << 20,
        "docbatch_worker_child_resident_bytes");
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }
}
