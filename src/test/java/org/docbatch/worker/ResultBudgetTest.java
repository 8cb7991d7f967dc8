package org.docbatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.artifact.FileArtifactStorage;
import org.docbatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Redis keeps of a result is bounded; what does not fit goes to an artifact, whole. */
class ResultBudgetTest {

  @TempDir Path root;

  private DocumentArtifacts artifacts() {
    return new DocumentArtifacts(new FileArtifactStorage(root), "job", 0);
  }

  private String read(String name) throws Exception {
    try (var in = artifacts().open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aSmallResultIsKeptAsItIs() throws Exception {
    JsonObject result = Json.createObjectBuilder().add("text", "short").build();
    assertSame(result, ResultBudget.bound(result, artifacts(), "scan", "ocr", 4096));
    assertTrue(artifacts().list().isEmpty());
  }

  @Test
  void aLongTextGoesWholeToAnArtifactAndTheResultKeepsItsBeginning() throws Exception {
    String text = "Zoë wrote \"this\" line.\n".repeat(2000);
    JsonObject result =
        Json.createObjectBuilder().add("text", text).add("mean_confidence", 91.5).build();

    JsonObject bounded = ResultBudget.bound(result, artifacts(), "scan", "ocr", 8192);

    assertTrue(bounded.toString().getBytes(StandardCharsets.UTF_8).length <= 8192);
    assertTrue(bounded.getBoolean("text_truncated"));
    assertEquals("scan.ocr.txt", bounded.getString("text_artifact"));
    assertEquals(
        "/api/jobs/job/documents/0/artifacts/scan.ocr.txt", bounded.getString("text_artifact_url"));
    assertEquals(text.length(), bounded.getInt("text_chars"));
    assertTrue(text.startsWith(bounded.getString("text")));
    assertTrue(bounded.getString("text").length() > 4000, "the room is used");
    assertEquals(91.5, bounded.getJsonNumber("mean_confidence").doubleValue());
    assertEquals(text, read("scan.ocr.txt"));
  }

  @Test
  void aResultTooLargeEvenWithoutItsTextGoesWholeToAnArtifact() throws Exception {
    var words = Json.createArrayBuilder();
    for (int i = 0; i < 2000; i++) {
      words.add(Json.createObjectBuilder().add("word", "w" + i).add("x", i));
    }
    JsonObject result =
        Json.createObjectBuilder()
            .add("text", "x".repeat(10_000))
            .add("words", words)
            .add("pages_read", 3)
            .build();

    JsonObject bounded = ResultBudget.bound(result, artifacts(), "scan", "ocr", 8192);

    assertTrue(bounded.getBoolean("result_truncated"));
    assertEquals(3, bounded.getInt("pages_read"));
    assertFalse(bounded.containsKey("words"));
    assertEquals("scan.ocr.result.json", bounded.getString("result_artifact"));
    assertEquals(result.toString(), read("scan.ocr.result.json"));
  }
}
