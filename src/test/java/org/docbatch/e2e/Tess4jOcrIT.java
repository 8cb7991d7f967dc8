package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.ReadinessCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code OCR_ENGINE=tess4j} on a node of its own (the shared test node runs the default engine):
 * Debian's libtesseract reads a page in an OCR child whose class path comes out of the WAR, and the
 * child gets {@code OMP_THREAD_LIMIT=1} whatever the server's environment says.
 */
class Tess4jOcrIT {

  private static OwnNode node;
  private static ApiClient api;
  private static Path documents;

  @BeforeAll
  static void startTess4jNode() throws Exception {
    node =
        OwnNode.in("tess4j")
            .with("OCR_ENGINE", "tess4j")
            .with("OCR_WORKERS", "1")
            // Not 1: the child must get its own value from the server, not inherit this one.
            .with("OMP_THREAD_LIMIT", "4")
            .start();
    api = node.api();
    documents = node.documents();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
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
        ProcessHandle.of(node.server().pid())
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
    assertEquals(
        "tess4j",
        ReadinessCheck.named(node.server(), "ocr").getJsonObject("data").getString("engine"));
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
