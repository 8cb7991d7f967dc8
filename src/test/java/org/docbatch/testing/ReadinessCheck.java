package org.docbatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One check of a node's readiness answer, as a probe reads it without credentials: the OCR engine
 * and its restarts are only visible there.
 */
public final class ReadinessCheck {

  private ReadinessCheck() {}

  /** Expects {@code /health/ready} to answer 200 and returns its check called {@code name}. */
  public static JsonObject named(DocbatchServer server, String name)
      throws IOException, InterruptedException {
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.management("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    try (JsonReader reader = Json.createReader(new StringReader(ready.body()))) {
      return reader.readObject().getJsonArray("checks").stream()
          .map(JsonValue::asJsonObject)
          .filter(check -> check.getString("name").equals(name))
          .findFirst()
          .orElseThrow();
    }
  }
}
