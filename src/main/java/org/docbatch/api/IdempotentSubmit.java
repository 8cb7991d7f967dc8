package org.docbatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;
import org.docbatch.digest.Sha256;
import org.docbatch.store.IdempotencyKeys;
import org.docbatch.store.IdempotencyKeys.Claim;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * {@code POST /api/jobs} with an {@code Idempotency-Key} header: the first request with a key
 * creates the job, and within {@code IDEMPOTENCY_TTL} the same user sending the same key and body
 * gets that job back instead of a second one (a client retrying after a timeout cannot know whether
 * its first request landed). A different body with the key is refused: the client reused a key by
 * mistake, and replaying the other job would hide it.
 */
@ApplicationScoped
public class IdempotentSubmit {

  /** Header that carries the key, as Stripe and the IETF draft name it. */
  public static final String HEADER = "Idempotency-Key";

  /** Header set on an answer that replays the job a key already stands for. */
  public static final String REPLAYED = "Idempotent-Replayed";

  /** Longest key taken: a UUID is 36 characters; the IETF draft leaves it open. */
  static final int MAX_KEY_LENGTH = 255;

  /** How long a request waits for another one with its key to finish creating the job. */
  private static final long WAIT_MILLIS = 10_000;

  private static final long POLL_MILLIS = 50;

  @Inject IdempotencyKeys keys;
  @Inject JobStore store;

  /** A job and whether it was created by this request or replayed. */
  public record Submitted(JobRecord job, boolean replayed) {}

  /**
   * Creates the job with {@code create} (given the id to create it under) unless {@code key}
   * already stands for one.
   *
   * @throws Problem 400 {@code invalid_idempotency_key}, 422 {@code idempotency_key_reused}, 409
   *     {@code idempotency_key_in_use} (another request with the key is still creating its job)
   */
  public Submitted submit(
      String user, String key, String body, Function<String, JobRecord> create) {
    check(key);
    String digest = Sha256.hex(body);
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      Claim claim = keys.claim(user, key, digest);
      switch (claim.outcome()) {
        case CLAIMED -> {
          return new Submitted(createHolding(claim, create), false);
        }
        case DONE -> {
          Optional<JobRecord> job = store.find(claim.jobId());
          if (job.isPresent()) {
            return new Submitted(job.get(), true);
          }
          // The job expired before its key (JOB_TTL shorter than IDEMPOTENCY_TTL): say so rather
          // than run the documents a second time under a key that promised once.
          throw new Problem(
              422,
              "idempotency_key_reused",
              "Idempotency key used with an expired job",
              "the Idempotency-Key was used for job " + claim.jobId() + ", which has expired");
        }
        case REUSED ->
            throw new Problem(
                422,
                "idempotency_key_reused",
                "Idempotency key used with another request",
                "this Idempotency-Key was sent before with a different body (job "
                    + claim.jobId()
                    + "); use a new key for a new job");
        case PENDING -> {
          if (System.currentTimeMillis() >= deadline) {
            throw new Problem(
                    409,
                    "idempotency_key_in_use",
                    "Idempotency key in use",
                    "another request with this Idempotency-Key is still creating its job")
                .retryAfter(1);
          }
          pause();
        }
      }
    }
  }

  private JobRecord createHolding(Claim claim, Function<String, JobRecord> create) {
    JobRecord job;
    try {
      job = create.apply(claim.jobId());
    } catch (RuntimeException refused) {
      keys.release(claim);
      throw refused;
    }
    keys.created(claim);
    return job;
  }

  /**
   * The answer of an upload, once per {@code key}: {@code stored} were just stored by this request;
   * when the key already stands for an earlier upload of the same files, they are discarded ({@code
   * discard}) and the earlier answer comes back.
   *
   * @param filesDigest what identifies the request's files (their names and SHA-256s)
   * @return the answer and whether it is replayed
   */
  public Replay upload(
      String user, String key, String filesDigest, String answer, Runnable discard) {
    check(key);
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      Claim claim = keys.claim(user, UPLOADS + key, filesDigest, answer);
      switch (claim.outcome()) {
        case CLAIMED -> {
          keys.created(claim);
          return new Replay(answer, false);
        }
        case DONE -> {
          discard.run();
          return new Replay(claim.jobId(), true);
        }
        case REUSED -> {
          discard.run();
          throw new Problem(
              422,
              "idempotency_key_reused",
              "Idempotency key used with another request",
              "this Idempotency-Key was sent before with other files; use a new key for a new"
                  + " upload");
        }
        case PENDING -> {
          if (System.currentTimeMillis() >= deadline) {
            discard.run();
            throw new Problem(
                    409,
                    "idempotency_key_in_use",
                    "Idempotency key in use",
                    "another request with this Idempotency-Key is still storing its files")
                .retryAfter(1);
          }
          pause();
        }
      }
    }
  }

  /** An upload's answer (JSON text), and whether it is an earlier request's. */
  public record Replay(String answer, boolean replayed) {}

  /** Upload keys live apart from job keys: one key may serve a job and its files' upload. */
  private static final String UPLOADS = "upload:";

  private static void check(String key) {
    boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii) {
      throw Problem.badRequest(
          "invalid_idempotency_key",
          "Idempotency-Key must be 1 to "
              + MAX_KEY_LENGTH
              + " visible ASCII characters (a UUID is a good key)");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an idempotent submit", e);
    }
  }
}
