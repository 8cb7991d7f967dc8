package org.docbatch.redis;

/**
 * Owns every Redis key name docbatch uses. Nothing else in the code base spells a key.
 *
 * <p>All keys of one job share the hash tag {@code {jobId}} so that the Lua scripts touching them
 * run on one Redis Cluster slot.
 */
public final class RedisKeys {

  private final String prefix;

  public RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  /** Sorted set of every job id, scored by creation time in milliseconds. */
  public String jobIndex() {
    return prefix + "jobs";
  }

  /** Hash: the job's record (type, status, counters, timestamps). */
  public String job(String jobId) {
    return prefix + "job:{" + jobId + "}";
  }

  /** List: the job's document references, in submission order. */
  public String documents(String jobId) {
    return job(jobId) + ":docs";
  }

  /** Hash: document index -> that document's result or error, written once. */
  public String results(String jobId) {
    return job(jobId) + ":results";
  }

  /** Set: indexes of the documents whose last run failed (cleared by a retry). */
  public String failed(String jobId) {
    return job(jobId) + ":failed";
  }

  /** Hash: SHA-256 of a document's content -> index of the first document with that content. */
  public String checksums(String jobId) {
    return job(jobId) + ":sha256";
  }
}
