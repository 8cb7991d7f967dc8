package org.docbatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.docbatch.json.Json;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

  private static final Instant AT = Instant.parse("2026-11-29T12:00:00.123Z");

  @Test
  void aRefusedRequestOfAnUnknownCallerHasNullUserAndItsProblemCode() {
    AuditEntry entry =
        new AuditEntry(
            AT,
            "node-1",
            null,
            null,
            null,
            "api_key",
            "127.0.0.1",
            "GET",
            "/jobs",
            "jobs.list",
            null,
            null,
            List.of(),
            401,
            "unauthenticated",
            "the API key is not known",
            3);

    JsonObject line = parse(entry.toJson());

    assertEquals("2026-11-29T12:00:00.123Z", line.getString("time"));
    assertEquals(JsonValue.NULL, line.get("user"));
    assertEquals(JsonValue.NULL, line.get("job_id"));
    assertEquals("api_key", line.getString("credential"));
    assertEquals("refused", line.getString("outcome"));
    assertEquals("unauthenticated", line.getString("code"));
    assertEquals(401, line.getInt("status"));
    assertFalse(line.containsKey("documents"));
  }

  @Test
  void outcomesFollowTheStatus() {
    assertEquals("ok", entry(202, "/jobs").outcome());
    assertEquals("refused", entry(429, "/jobs").outcome());
    assertEquals("failed", entry(503, "/jobs").outcome());
  }

  @Test
  void anAnswerIsOneLineWhateverThePathHolds() {
    String hostile = "/jobs/a\nb\"c" + "x".repeat(5000);

    String json = entry(404, hostile).toJson();

    assertFalse(json.contains("\n"), "one line");
    String path = parse(json).getString("path");
    assertTrue(path.startsWith("/jobs/a\nb\"c"), path);
    assertTrue(path.length() <= AuditEntry.MAX_TEXT + 3, "shortened: " + path.length());
  }

  private static AuditEntry entry(int status, String path) {
    return new AuditEntry(
        AT,
        "node-1",
        "alice",
        "submitter",
        "api_key",
        "api_key",
        "10.0.0.1",
        "POST",
        path,
        "job.submit",
        "j1",
        null,
        List.of(),
        status,
        null,
        null,
        1);
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }
}
