package org.docbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Issue 22: GET /api/config showed the passwords of multi-host and invalid URLs, and webhook
 * secrets.
 */
class RedactionTest {

  private static final Setting REDIS = Settings.find("redis.url").orElseThrow();
  private static final Setting WEBHOOK = Settings.find("alert.webhook.url").orElseThrow();

  @Test
  void multiHostAndInvalidRedisUrlsHaveTheirPasswordMasked() {
    assertEquals(
        "redis-sentinel://u:****@h1,h2/m", Redaction.shown(REDIS, "redis-sentinel://u:pw@h1,h2/m"));
    assertEquals(
        "redis-cluster://****@h1:7000,h2:7001",
        Redaction.shown(REDIS, "redis-cluster://pw@h1:7000,h2:7001"));
    assertEquals("redis://u:****@h:1/0", Redaction.shown(REDIS, "redis://u:p@ss w@h:1/0"));
    assertEquals("****@host:6379", Redaction.shown(REDIS, "redis:pw@host:6379"));
    assertEquals("redis://h:6379/0", Redaction.shown(REDIS, "redis://h:6379/0"));
  }

  @Test
  void aWebhookUrlShowsOnlyItsSchemeAndHost() {
    assertEquals(
        "https://hooks.slack.com/****",
        Redaction.shown(WEBHOOK, "https://hooks.slack.com/services/T0/B0/s3cr3t"));
    assertEquals(
        "https://alerts.example:8443/****",
        Redaction.shown(WEBHOOK, "https://user:pw@alerts.example:8443/hook?token=s3cr3t"));
    assertEquals("https://alerts.example", Redaction.shown(WEBHOOK, "https://alerts.example"));
    assertEquals("****", Redaction.shown(WEBHOOK, "not a url with s3cr3t"));
  }

  @Test
  void secretsAreMaskedAndOtherValuesShown() {
    assertEquals("****", Redaction.shown(Settings.find("auth.jwt.secret").orElseThrow(), "x"));
    assertEquals("8", Redaction.shown(Settings.find("max.workers").orElseThrow(), "8"));
    assertEquals(null, Redaction.shown(REDIS, null));
  }
}
