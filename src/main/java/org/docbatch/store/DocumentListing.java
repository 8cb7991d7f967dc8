package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.UnifiedJedis;

/**
 * The listing of a job's source into its document list, checkpointed in the job's hash: how many
 * documents are listed ({@code listed}), the position after the last ({@code listing_after}: a key
 * of a prefix, a byte offset of a manifest), whether it ended ({@code listing_done}), and why it
 * failed ({@code listing_error}). Documents and checkpoint move together ({@code
 * append_listing.lua}), so a listing resumed on another node after a kill repeats and loses none.
 */
@ApplicationScoped
public class DocumentListing {

  private static final RedisScript APPEND = RedisScript.load("append_listing");
  private static final String AFTER = "listing_after";
  private static final String ERROR = "listing_error";

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** Where a listing stands: documents listed, and the position after the last (null: none). */
  public record Checkpoint(int listed, String after, boolean done) {}

  public Checkpoint checkpoint(String jobId) {
    List<String> fields =
        redis.hmget(keys.job(jobId), JobRecord.LISTED, AFTER, JobRecord.LISTING_DONE);
    return new Checkpoint(
        fields.get(0) == null ? 0 : Integer.parseInt(fields.get(0)),
        fields.get(1),
        "1".equals(fields.get(2)));
  }

  /**
   * Appends these documents and moves the checkpoint past them, if the listing still stands where
   * {@code from} says.
   *
   * @param last whether the listing ends with them: the job's {@code total_tasks} is then set
   * @return the checkpoint after the append; empty when another lister moved it meanwhile
   */
  public Optional<Checkpoint> append(
      String jobId, Checkpoint from, List<String> references, String after, boolean last) {
    List<String> args = new ArrayList<>(references.size() + 3);
    args.add(Integer.toString(from.listed()));
    args.add(after == null ? "" : after);
    args.add(last ? "1" : "0");
    args.addAll(references);
    long listed = (Long) APPEND.run(redis, List.of(keys.job(jobId), keys.documents(jobId)), args);
    return listed < 0 ? Optional.empty() : Optional.of(new Checkpoint((int) listed, after, last));
  }

  /**
   * Records why the listing failed, for the job's error when its execution ends; null forgets it.
   */
  public void fail(String jobId, String message) {
    if (message == null) {
      redis.hdel(keys.job(jobId), ERROR);
    } else {
      redis.hset(keys.job(jobId), ERROR, message);
    }
  }

  /** Why the listing failed, null when it did not. */
  public String error(String jobId) {
    return redis.hget(keys.job(jobId), ERROR);
  }
}
