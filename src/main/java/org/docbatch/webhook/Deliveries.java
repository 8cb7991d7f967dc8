package org.docbatch.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.docbatch.digest.Sha256;
import org.docbatch.json.Json;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.UnifiedJedis;

/**
 * The webhook deliveries of every node, in Redis: recorded when a job ends, taken by whichever
 * node's sender finds them due, and kept with each attempt's outcome for {@code GET
 * /api/jobs/{id}/deliveries}. A delivery is taken under a lease, so one killed while sending is
 * sent again by another node: deliveries are at least once, and receivers dedupe by {@code
 * Docbatch-Delivery}.
 */
@ApplicationScoped
public class Deliveries {

  public static final String JOB_FINISHED = "job.finished";
  public static final String DOCUMENT_FINISHED = "document.finished";

  private static final RedisScript EXPECT = RedisScript.load("webhook_expect");
  private static final RedisScript TAKE = RedisScript.load("webhook_take");
  private static final RedisScript DOCUMENT_BATCH = RedisScript.load("webhook_document_batch");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /**
   * Records that {@code event} of a job's {@code execution} is to be delivered to {@code url}; does
   * nothing when it already was.
   *
   * @param keepSeconds how long the delivery and its outcome are kept
   */
  public void expect(String jobId, long execution, String event, String url, long keepSeconds) {
    expect(jobId, execution, event, url, keepSeconds, List.of());
  }

  private void expect(
      String jobId,
      long execution,
      String event,
      String url,
      long keepSeconds,
      List<String> moreFields) {
    String id = idOf(jobId, execution, event);
    Instant now = Instant.now();
    List<String> args =
        new ArrayList<>(
            List.of(
                id,
                jobId,
                Long.toString(execution),
                event,
                url,
                Long.toString(now.toEpochMilli()),
                now.toString(),
                Long.toString(keepSeconds)));
    args.addAll(moreFields);
    EXPECT.run(
        redis,
        List.of(keys.webhookDelivery(id), keys.webhooksDue(), keys.jobWebhooks(jobId)),
        args);
  }

  /** From now on the job's finished documents are announced in batches. */
  public void watchDocuments(String jobId) {
    redis.sadd(keys.webhookDocumentJobs(), jobId);
  }

  /** Whether the job's callback asks for {@code document.finished}. */
  public boolean announcesDocuments(String jobId) {
    return "1".equals(redis.hget(keys.job(jobId), "document_events"));
  }

  /** The jobs whose finished documents are announced. */
  public Set<String> documentJobs() {
    return redis.smembers(keys.webhookDocumentJobs());
  }

  /** Every finished document of the job was announced, and the job has ended. */
  public void unwatchDocuments(String jobId) {
    redis.srem(keys.webhookDocumentJobs(), jobId);
  }

  /**
   * Records the next {@code document.finished} delivery of a job, of at most {@code max} of its
   * finished documents (see {@code webhook_document_batch.lua}).
   *
   * @return false when every finished document was announced already
   */
  public boolean expectDocumentBatch(String jobId, String url, int max, long keepSeconds) {
    List<?> range =
        (List<?>)
            DOCUMENT_BATCH.run(
                redis,
                List.of(keys.job(jobId), keys.finishedDocuments(jobId)),
                List.of(Integer.toString(max)));
    if (range.isEmpty()) {
      return false;
    }
    long from = (Long) range.get(0);
    long to = (Long) range.get(1);
    expect(
        jobId,
        from,
        DOCUMENT_FINISHED,
        url,
        keepSeconds,
        List.of("documents_from", Long.toString(from), "documents_to", Long.toString(to)));
    redis.hdel(keys.job(jobId), "document_batch_from", "document_batch_to");
    return true;
  }

  /** The indexes of the documents a {@code document.finished} delivery announces, in order. */
  public List<Integer> documentsOf(Delivery delivery) {
    return redis
        .lrange(
            keys.finishedDocuments(delivery.job()),
            delivery.execution(),
            delivery.documentsTo() - 1)
        .stream()
        .map(Integer::valueOf)
        .toList();
  }

  /** The job's callback URL, as submitted; null when it has none. */
  public String callbackUrl(String jobId) {
    String callback = redis.hget(keys.job(jobId), "callback");
    if (callback == null) {
      return null;
    }
    return Json.createReader(new StringReader(callback)).readObject().getString("url");
  }

  /** The same id however often the end of one execution is recorded. */
  static String idOf(String jobId, long execution, String event) {
    return Sha256.hex(jobId + ":" + execution + ":" + event).substring(0, 32);
  }

  /**
   * Takes up to {@code max} deliveries that are due, each leased to the caller for {@code
   * leaseMillis}; a delivery whose record expired is dropped.
   */
  public List<Delivery> takeDue(long leaseMillis, int max) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            TAKE.run(
                redis,
                List.of(keys.webhooksDue()),
                List.of(
                    Long.toString(System.currentTimeMillis()),
                    Long.toString(leaseMillis),
                    Integer.toString(max)));
    List<Delivery> taken = new ArrayList<>();
    for (String id : ids) {
      Optional<Delivery> delivery = find(id);
      if (delivery.isPresent()) {
        taken.add(delivery.get());
      } else {
        redis.zrem(keys.webhooksDue(), id);
      }
    }
    return taken;
  }

  public Optional<Delivery> find(String id) {
    Map<String, String> hash = redis.hgetAll(keys.webhookDelivery(id));
    return hash.isEmpty() ? Optional.empty() : Optional.of(Delivery.fromHash(hash));
  }

  /** A job's deliveries, oldest first. */
  public List<Delivery> ofJob(String jobId) {
    List<Delivery> all = new ArrayList<>();
    for (String id : redis.smembers(keys.jobWebhooks(jobId))) {
      find(id).ifPresent(all::add);
    }
    all.sort(Comparator.comparingLong(Delivery::createdMillis));
    return all;
  }

  /** The receiver took it (a 2xx answer). */
  public void delivered(Delivery delivery, int status) {
    String now = Instant.now().toString();
    Map<String, String> fields = attempt(delivery, status, null, now);
    fields.put("state", Delivery.DELIVERED);
    fields.put("delivered_at", now);
    finish(delivery, fields);
  }

  /** Not delivered, and not tried again: the receiver refused it, or retrying ran out of time. */
  public void failed(Delivery delivery, int status, String error) {
    Map<String, String> fields = attempt(delivery, status, error, Instant.now().toString());
    fields.put("state", Delivery.FAILED);
    finish(delivery, fields);
  }

  /** Not delivered this time: sent again at {@code nextAt}. */
  public void retryAt(Delivery delivery, int status, String error, Instant nextAt) {
    Map<String, String> fields = attempt(delivery, status, error, Instant.now().toString());
    fields.put("next_attempt_at", nextAt.toString());
    redis.hset(keys.webhookDelivery(delivery.id()), fields);
    redis.zadd(keys.webhooksDue(), nextAt.toEpochMilli(), delivery.id());
  }

  /** Not sent yet and not an attempt (its job has not closed yet): looked at again later. */
  public void postpone(Delivery delivery, Instant nextAt) {
    redis.zadd(keys.webhooksDue(), nextAt.toEpochMilli(), delivery.id());
  }

  /** Dropped without an attempt: its job expired, or a newer execution of it superseded it. */
  public void drop(Delivery delivery, String why) {
    Map<String, String> fields = new HashMap<>();
    fields.put("state", Delivery.FAILED);
    fields.put("last_error", why);
    finish(delivery, fields);
  }

  /**
   * Sends a delivery again now, whatever became of it (a user asked to).
   *
   * @return false when there is no such delivery
   */
  public boolean redeliver(String id) {
    if (find(id).isEmpty()) {
      return false;
    }
    Map<String, String> fields = new HashMap<>();
    fields.put("state", Delivery.WAITING);
    fields.put("window_ms", Long.toString(System.currentTimeMillis()));
    redis.hset(keys.webhookDelivery(id), fields);
    redis.hdel(keys.webhookDelivery(id), "next_attempt_at");
    redis.zadd(keys.webhooksDue(), System.currentTimeMillis(), id);
    return true;
  }

  private static Map<String, String> attempt(
      Delivery delivery, int status, String error, String now) {
    Map<String, String> fields = new HashMap<>();
    fields.put("attempts", Integer.toString(delivery.attempts() + 1));
    fields.put("last_status", Integer.toString(status));
    fields.put("last_attempt_at", now);
    fields.put("last_error", error == null ? "" : error);
    return fields;
  }

  private void finish(Delivery delivery, Map<String, String> fields) {
    redis.hset(keys.webhookDelivery(delivery.id()), fields);
    redis.hdel(keys.webhookDelivery(delivery.id()), "next_attempt_at");
    redis.zrem(keys.webhooksDue(), delivery.id());
  }
}
