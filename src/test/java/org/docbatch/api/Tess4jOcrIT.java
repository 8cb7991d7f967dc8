package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.docbatch.json.Json;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code OCR_ENGINE=tess4j} on a node of its own (the shared test node runs the default engine):
 * Debian's libtesseract reads a page in an OCR child whose class path comes out of the WAR, and the
 * child gets {@code OMP_THREAD_LIMIT=1} whatever the server's environment says.
 */
class Tess4jOcrIT {

  private static RedisServer redis;
  private static DocbatchServer node;
  private static ApiClient api;
  private static Path documents;

  @BeforeAll
  static void startTess4jNode() throws Exception {
    Path work =
        Path.of(System.getProperty("docbatch.test-work", "target/it-work"))
            .toAbsolutePath()
            .resolve("tess4j");
    documents = Files.createDirectories(work.resolve("documents"));
    redis = RedisServer.start(work.resolve("redis"));
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", redis.url());
    env.put("DOCUMENT_ROOT", documents.toString());
    env.put("OUTPUT_ROOT", work.resolve("output").toString());
    env.put("OCR_ENGINE", "tess4j");
    env.put("OCR_WORKERS", "1");
    // Not 1: the child must get its own value from the server, not inherit this one.
    env.put("OMP_THREAD_LIMIT", "4");
    node = DocbatchServer.start(work, env);
    api = new ApiClient(node::api);
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
  void debiansTesseractReadsAPageInAChildWithOneOpenMpThread() throws Exception {
    OcrDocuments.cleanPng(documents);

    var submitted =
        api.post("/jobs", "{\"job_type\": \"ocr\", \"documents\": [\"letter-clean.png\"]}");
    assertEquals(202, submitted.status(), submitted.body());
    String id = submitted.json().getString("job_id");
    api.awaitFinished(id, Duration.ofMinutes(2));
    JsonObject outcome =
        api.get("/jobs/" + id + "/results").json().getJsonArray("results").getJsonObject(0);

    assertEquals("completed", outcome.getString("status"), outcome.toString());
    String read = outcome.getJsonObject("result").getString("text");
    double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(0), read);
    assertTrue(cer < 0.02, "character error rate " + cer + ", read: " + read);
    List<Long> children =
        ProcessHandle.of(node.pid())
            .orElseThrow()
            .children()
            .map(ProcessHandle::pid)
            .filter(pid -> proc(pid, "cmdline").contains("OcrChildMain"))
            .toList();
    assertEquals(1, children.size(), children.toString());
    String command = proc(children.get(0), "cmdline");
    assertTrue(command.contains("OcrChildMain\0tess4j\0"), command);
    String environment = "\0" + proc(children.get(0), "environ");
    assertTrue(environment.contains("\0OMP_THREAD_LIMIT=1\0"), environment);
    assertEquals("tess4j", ocrReadiness().getJsonObject("data").getString("engine"));
  }

  private static JsonObject ocrReadiness() throws Exception {
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(node.management("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    return Json.createReader(new StringReader(ready.body()))
        .readObject()
        .getJsonArray("checks")
        .stream()
        .map(JsonValue::asJsonObject)
        .filter(check -> check.getString("name").equals("ocr"))
        .findFirst()
        .orElseThrow();
  }

  /** A live process's command line or environment, each word ending in a NUL character. */
  private static String proc(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
