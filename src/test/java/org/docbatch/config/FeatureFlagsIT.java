package org.docbatch.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.docbatch.json.Json;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: the spec's feature flags flip on a running cluster. An admin turns autoscaling off on
 * one node, and the other, without a restart, sets its pools to their maximum and reports the flag;
 * bad flags are refused and only an admin may set them.
 */
class FeatureFlagsIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void autoscalingTurnedOffOnOneNodeSetsTheOtherNodesPoolsToTheirMaximum() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("feature-flags")
            .with("VALIDATION_MIN_WORKERS", "1")
            .with("VALIDATION_WORKERS", "3")
            .with("AUTOSCALING_INTERVAL", "1");
    try (RedisServer redis = RedisServer.start(nodes.work().resolve("redis"));
        OwnNode a = nodes.on(redis).serverFolder("a").start();
        OwnNode b = nodes.serverFolder("b").start()) {
      // Idle, the autoscaler keeps B's pool at its minimum.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> validationPool(b).startsWith("1/3 workers"));
      assertTrue(features(b.api()).getBoolean("autoscaling"));

      ApiClient.Answer set = put(a, "{\"autoscaling\": false}", TestCredentials.ADMIN);

      assertEquals(200, set.status(), set.body());
      assertFalse(set.json().getBoolean("autoscaling"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> validationPool(b).startsWith("3/3 workers"));
      assertFalse(features(b.api()).getBoolean("autoscaling"), "B reports the cluster's flag");

      // And back on: B's autoscaler takes its idle pool down again.
      assertEquals(200, put(b, "{\"autoscaling\": true}", TestCredentials.ADMIN).status());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> validationPool(a).startsWith("1/3 workers"));

      assertEquals(400, put(a, "{\"autoscale\": true}", TestCredentials.ADMIN).status());
      assertEquals(400, put(a, "{\"alerts\": \"yes\"}", TestCredentials.ADMIN).status());
      assertEquals(400, put(a, "{}", TestCredentials.ADMIN).status());
      assertEquals(403, put(a, "{\"alerts\": true}", TestCredentials.ALICE).status());
    }
  }

  private static JsonObject features(ApiClient api) {
    return api.get("/config").json().getJsonObject("features");
  }

  private static ApiClient.Answer put(OwnNode node, String body, TestCredentials.Credential as) {
    return node.api().as(as).put("/config/features", body);
  }

  /** The readiness check's line for the validation pool: "W/M workers, B busy, R replaced". */
  private String validationPool(OwnNode node) throws Exception {
    URI ready = node.server().management("/health/ready");
    String body =
        http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    return Json.createReader(new StringReader(body)).readObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(check -> check.getString("name").equals("worker-pools"))
        .findFirst()
        .orElseThrow()
        .getJsonObject("data")
        .getString("validation");
  }
}
