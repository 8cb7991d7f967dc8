package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code Idempotency-Key}s users submit jobs with, in Redis so that every node sees them: a key
 * stands for the job its first request created, for {@code IDEMPOTENCY_TTL} seconds. A claim is
 * taken before the job is created and settled after, so that of two requests racing with one key
 * (on one node or two) only one creates a job.
 */
@ApplicationScoped
public class IdempotencyKeys {

  /** A claim not settled within this long was abandoned: its node died while creating the job. */
  static final long ABANDONED_AFTER_MILLIS = 60_000;

  private static final RedisScript CLAIM = RedisScript.load("idempotency_claim");
  private static final RedisScript SETTLE = RedisScript.load("idempotency_settle");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** {@code IDEMPOTENCY_TTL}: seconds a key stands for its job. */
  @Inject
  @ConfigProperty(name = "idempotency.ttl", defaultValue = "86400")
  long ttlSeconds;

  /** What a key held when asked. */
  public enum Outcome {
    /** The caller holds the key: it creates job {@link Claim#jobId()}, then settles the claim. */
    CLAIMED,
    /** The key's job exists: the request is a replay of the one that created it. */
    DONE,
    /** Another request with the same key and body is creating the job right now. */
    PENDING,
    /** The key was used with another body. */
    REUSED
  }

  /**
   * @param jobId the job the key stands for (the one to create, when {@link Outcome#CLAIMED})
   */
  public record Claim(Outcome outcome, String jobId, String user, String key) {}

  /**
   * Claims {@code key} of {@code user} for a request whose body has digest {@code bodyDigest}, or
   * says what already holds it.
   */
  public Claim claim(String user, String key, String bodyDigest) {
    return claim(user, key, bodyDigest, UUID.randomUUID().toString());
  }

  /**
   * As {@link #claim(String, String, String)}, the key to stand for {@code value} (an upload's
   * answer, which exists before its key is claimed) rather than for a job yet to be made.
   */
  public Claim claim(String user, String key, String bodyDigest, String value) {
    String newJob = value;
    @SuppressWarnings("unchecked")
    List<Object> reply =
        (List<Object>)
            CLAIM.run(
                redis,
                List.of(keys.idempotencyKey(user, key)),
                List.of(
                    bodyDigest,
                    newJob,
                    Long.toString(System.currentTimeMillis()),
                    Long.toString(ttlSeconds),
                    Long.toString(ABANDONED_AFTER_MILLIS)));
    Outcome outcome = Outcome.valueOf(text(reply.get(0)).toUpperCase(Locale.ROOT));
    return new Claim(outcome, text(reply.get(1)), user, key);
  }

  /** The job of a claim now exists: later requests with the key replay it. */
  public void created(Claim claim) {
    settle(claim, "done");
  }

  /** The claimed submission was refused: the key is free again for the client's next try. */
  public void release(Claim claim) {
    settle(claim, "drop");
  }

  private void settle(Claim claim, String how) {
    SETTLE.run(
        redis,
        List.of(keys.idempotencyKey(claim.user(), claim.key())),
        List.of(claim.jobId(), how));
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(value);
  }
}
