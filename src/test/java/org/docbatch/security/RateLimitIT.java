package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.docbatch.testing.TestCredentials.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-user rate limit on a node of its own: 120 requests a minute counted over 5 s windows, so
 * 10 per window. Each test calls as a user of its own (a bearer token for any name), so that one
 * test's window does not leak into the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {

  private static final int PER_WINDOW = 10;
  private static final int WINDOW_SECONDS = 5;

  private OwnNode node;
  private ApiClient api;

  @BeforeAll
  void startANodeOfItsOwn() throws IOException {
    node =
        OwnNode.in("rate-limit")
            .serverFolder("node")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("RATE_LIMIT_PER_MINUTE", Integer.toString(PER_WINDOW * 60 / WINDOW_SECONDS))
            .with("RATE_LIMIT_WINDOW_SECONDS", Integer.toString(WINDOW_SECONDS))
            .start();
    api = node.api();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private ApiClient as(String user) {
    return api.as(
        Credential.bearer(
            TestCredentials.token(user, "submitter", Instant.now().plus(Duration.ofHours(1)))));
  }

  /** Sends until refused; returns how many got in and the refusal. */
  private Refusal untilRefused(ApiClient client) {
    for (int sent = 0; sent < 3 * PER_WINDOW; sent++) {
      Answer answer = client.get("/jobs");
      if (answer.status() == 429) {
        return new Refusal(sent, answer);
      }
      assertEquals(200, answer.status(), answer.body());
    }
    throw new AssertionError("no 429 after " + 3 * PER_WINDOW + " requests");
  }

  private record Refusal(int admitted, Answer answer) {}

  @Test
  void aUserOverTheLimitGetsA429ProblemWithRetryAfterAndOthersAreNotAffected() {
    // when one user sends more than a window allows
    Refusal refusal = untilRefused(as("rl-erin"));

    // then the first PER_WINDOW got in and the next is a 429 problem saying when to come back
    assertEquals(PER_WINDOW, refusal.admitted());
    Answer answer = refusal.answer();
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals("rate_limited", answer.json().getString("code"));
    assertEquals(429, answer.json().getInt("status"));
    assertNotNull(answer.retryAfter(), "Retry-After");
    long retryAfter = Long.parseLong(answer.retryAfter());
    assertTrue(retryAfter >= 1 && retryAfter <= WINDOW_SECONDS, "Retry-After " + retryAfter);
    assertTrue(answer.json().getString("detail").contains("RATE_LIMIT_PER_MINUTE"));
    assertFalse(answer.body().contains("\tat "), answer.body());
    // and another user, with an API key, is not held back
    assertEquals(200, api.as(TestCredentials.BOB).get("/jobs").status());
  }

  @Test
  void theLimitIsLiftedWhenTheWindowCloses() {
    ApiClient frank = as("rl-frank");
    Answer refused = untilRefused(frank).answer();
    long retryAfter = Long.parseLong(refused.retryAfter());

    // still refused at once, admitted again within Retry-After (and a second's rounding)
    assertEquals(429, frank.get("/jobs").status());
    long start = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(retryAfter + 2))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> frank.get("/jobs").status() == 200);
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toMillis() >= 500,
        "recovered only once the window closed");
    // and the new window has its full allowance (the request that got in opened it)
    assertEquals(PER_WINDOW - 1, untilRefused(frank).admitted());
  }

  @Test
  void unauthenticatedRequestsAreRefusedBeforeTheyAreCounted() {
    // a flood without a credential is refused as unauthenticated, never as rate limited
    for (int i = 0; i < 2 * PER_WINDOW; i++) {
      assertEquals(401, api.as(Credential.NONE).get("/jobs").status());
    }
    // and takes nothing from a user's allowance
    assertEquals(PER_WINDOW, untilRefused(as("rl-grace")).admitted());
  }
}
