package org.docbatch.store;

import java.util.HashMap;
import java.util.Map;
import org.docbatch.security.Caller;

/**
 * A job as stored in Redis: its hash, typed. Timestamps are ISO-8601 strings, or null when not
 * reached.
 *
 * @param executionId the JSR-352 execution now running the job, null before it started
 * @param retries how many times a user asked to retry it
 * @param node the node coordinating the job's execution (it submitted, retried or took it over)
 * @param recoveries how many times the job was taken over after its coordinating node died
 * @param executionKey the execution now running the job, with a mark when an older version's server
 *     engine ({@code ENGINE_MODE=server}, retired) ran it; null before it started
 * @param owner the user who submitted the job
 * @param documentArea the folder under the document root the job's references resolve in ({@code
 *     ""}: the whole root); null when the job recorded none, which resolves nothing
 * @param source where its documents are listed from, null when the request named them all
 * @param listed documents listed from the source so far (the job's {@code total_tasks} once the
 *     listing is done)
 * @param listingDone whether the listing of its source has ended (always, for a job without one)
 */
public record JobRecord(
    String id,
    String type,
    JobStatus status,
    int priority,
    String options,
    int totalTasks,
    int completedTasks,
    int failedTasks,
    String createdAt,
    String startedAt,
    String finishedAt,
    Long executionId,
    String error,
    int retries,
    String node,
    int recoveries,
    ExecutionKey executionKey,
    String owner,
    String documentArea,
    JobSource source,
    int listed,
    boolean listingDone) {

  /** The hash field holding the job's callback as JSON ({@code url}, {@code events}). */
  static final String CALLBACK = "callback";

  /** The hash field set to 1 when the job's finished documents are announced. */
  static final String DOCUMENT_EVENTS = "document_events";

  /** The hash field holding the job's source as JSON, when it has one. */
  static final String SOURCE = "source";

  /** The hash field counting the documents listed from the source so far. */
  static final String LISTED = "listed";

  /** The hash field set to 1 when the listing of the source has ended. */
  static final String LISTING_DONE = "listing_done";

  /** The event whose callbacks need the job's finished documents listed. */
  private static final String DOCUMENT_FINISHED = "document.finished";

  /** Progress as a percentage of documents with an outcome, 0-100. */
  public int progress() {
    if (totalTasks == 0) {
      return status == JobStatus.COMPLETED ? 100 : 0;
    }
    return (int) Math.floor(100.0 * (completedTasks + failedTasks) / totalTasks);
  }

  static JobRecord fromHash(Map<String, String> hash) {
    return new JobRecord(
        hash.get("job_id"),
        hash.get("job_type"),
        JobStatus.valueOf(hash.get("status")),
        intField(hash, "priority"),
        hash.getOrDefault("options", "{}"),
        intField(hash, "total_tasks"),
        intField(hash, "completed_tasks"),
        intField(hash, "failed_tasks"),
        hash.get("created_at"),
        hash.get("started_at"),
        hash.get("finished_at"),
        hash.containsKey("execution_id") ? Long.valueOf(hash.get("execution_id")) : null,
        hash.get("error"),
        intField(hash, "retries"),
        hash.get("node"),
        intField(hash, "recoveries"),
        executionKey(hash),
        hash.getOrDefault("owner", Caller.OPEN.user()),
        hash.get("document_area"),
        hash.containsKey(SOURCE) ? JobSource.parse(hash.get(SOURCE)) : null,
        intField(hash, LISTED),
        !hash.containsKey(SOURCE) || "1".equals(hash.get(LISTING_DONE)));
  }

  /** The current execution and the operator that runs it; null before the first one starts. */
  private static ExecutionKey executionKey(Map<String, String> hash) {
    String key = hash.get("execution_key");
    if (key != null) {
      return ExecutionKey.parse(key);
    }
    String id = hash.get("execution_id");
    return id == null ? null : ExecutionKey.of(Long.parseLong(id));
  }

  static Map<String, String> newHash(
      String id, JobSubmission submission, String createdAt, String node) {
    Map<String, String> hash = new HashMap<>();
    hash.put("job_id", id);
    hash.put("job_type", submission.type().id());
    hash.put("status", JobStatus.PENDING.name());
    hash.put("priority", Integer.toString(submission.priority()));
    hash.put("options", submission.options().toString());
    hash.put("total_tasks", Integer.toString(submission.documents().size()));
    hash.put("completed_tasks", "0");
    hash.put("failed_tasks", "0");
    hash.put("retries", "0");
    hash.put("created_at", createdAt);
    hash.put("node", node);
    hash.put("owner", submission.owner());
    hash.put("document_area", submission.documentArea());
    if (submission.source() != null) {
      hash.put(SOURCE, submission.source().toJson().toString());
      hash.put(LISTED, "0");
    }
    if (submission.callback() != null) {
      hash.put(CALLBACK, submission.callback().toString());
      if (submission.announces(DOCUMENT_FINISHED)) {
        hash.put(DOCUMENT_EVENTS, "1");
      }
    }
    return hash;
  }

  private static int intField(Map<String, String> hash, String field) {
    String value = hash.get(field);
    return value == null ? 0 : Integer.parseInt(value);
  }
}
