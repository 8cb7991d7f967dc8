package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.UnifiedJedis;

/**
 * Documents whose pages are read one partition each (a multi-page scan in an OCR job): each one's
 * page plan, each page's reading, and the job's page counters. A one-page document never comes
 * here: it costs what it cost before pages were partitions. The keys expire with the job (see
 * {@link JobStore}).
 */
@ApplicationScoped
public class PagedDocuments {

  private static final RedisScript RECORD_DOCUMENT = RedisScript.load("record_paged_document");
  private static final RedisScript RECORD_PAGE = RedisScript.load("record_page");

  /** The job's page counters, zero where none was written. */
  public record Progress(long documents, long pages, long pagesDone, long assembled) {}

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /**
   * Records a document's page plan once (one round trip).
   *
   * @param pages the pages of the document (as far as it is read)
   * @param pagesDone pages read already (from a text layer)
   * @return true when this call recorded it
   */
  public boolean record(String jobId, int index, String planJson, int pages, int pagesDone) {
    Object reply =
        RECORD_DOCUMENT.run(
            redis,
            List.of(keys.pagedDocuments(jobId), keys.pageProgress(jobId)),
            List.of(
                Integer.toString(index),
                planJson,
                Integer.toString(pages),
                Integer.toString(pagesDone)));
    return Long.valueOf(1).equals(reply);
  }

  /** Every paged document of the job: index -> plan JSON, in index order (one round trip). */
  public Map<Integer, String> plans(String jobId) {
    Map<Integer, String> plans = new TreeMap<>();
    redis
        .hgetAll(keys.pagedDocuments(jobId))
        .forEach((index, plan) -> plans.put(Integer.valueOf(index), plan));
    return plans;
  }

  /** One document's plan, or null. */
  public String plan(String jobId, int index) {
    return redis.hget(keys.pagedDocuments(jobId), Integer.toString(index));
  }

  /**
   * Records a page's reading (or error): a successful reading is kept once, a failed one is
   * replaced by a later run.
   *
   * @return true when this call recorded it
   */
  public boolean recordPage(String jobId, int index, int page, boolean read, String json) {
    Object reply =
        RECORD_PAGE.run(
            redis,
            List.of(keys.pageResults(jobId), keys.pageProgress(jobId), keys.pageFailures(jobId)),
            List.of(field(index, page), json, read ? "1" : "0", Integer.toString(index)));
    return Long.valueOf(1).equals(reply);
  }

  /** The readings of these pages of a document, in order, null where a page has none. */
  public List<String> pages(String jobId, int index, List<Integer> pages) {
    if (pages.isEmpty()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>(pages.size());
    pages.forEach(page -> fields.add(field(index, page)));
    return redis.hmget(keys.pageResults(jobId), fields.toArray(String[]::new));
  }

  /**
   * The pages of the job read successfully, as {@code <index>:<page>} (two round trips: page
   * fields, not their readings).
   */
  public Set<String> pagesRead(String jobId) {
    Set<String> read = new HashSet<>(redis.hkeys(keys.pageResults(jobId)));
    read.removeAll(redis.smembers(keys.pageFailures(jobId)));
    return read;
  }

  /** Pages and pages done of these documents, as {total, done}, null where not paged. */
  public List<long[]> documentProgress(String jobId, List<Integer> indexes) {
    if (indexes.isEmpty()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>(indexes.size() * 2);
    indexes.forEach(
        index -> {
          fields.add("total:" + index);
          fields.add("done:" + index);
        });
    List<String> values = redis.hmget(keys.pageProgress(jobId), fields.toArray(String[]::new));
    List<long[]> progress = new ArrayList<>(indexes.size());
    for (int i = 0; i < indexes.size(); i++) {
      String total = values.get(2 * i);
      progress.add(
          total == null ? null : new long[] {number(total), number(values.get(2 * i + 1))});
    }
    return progress;
  }

  /** Counts a paged document whose outcome was recorded from its pages. */
  public void assembled(String jobId) {
    redis.hincrBy(keys.pageProgress(jobId), "assembled", 1);
  }

  /** The job's page counters (one round trip). */
  public Progress progress(String jobId) {
    List<String> values =
        redis.hmget(keys.pageProgress(jobId), "documents", "pages", "pages_done", "assembled");
    return new Progress(
        number(values.get(0)), number(values.get(1)), number(values.get(2)), number(values.get(3)));
  }

  public static String field(int index, int page) {
    return index + ":" + page;
  }

  private static long number(String value) {
    return value == null ? 0 : Long.parseLong(value);
  }
}
