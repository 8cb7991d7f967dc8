package org.docbatch.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
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

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }
}
