package org.docbatch.store;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.docbatch.security.Caller;

/**
 * A job as a user submitted it, already checked: a known type, documents that exist under the
 * document root, a priority in range.
 *
 * @param documents the references as submitted (paths under the document root or uploaded ids)
 * @param owner the user who submits it
 * @param documentArea the folder under the document root the references resolve in ({@code ""}: the
 *     whole root)
 * @param callback the webhook to call when the job ends ({@code url}, {@code events}), null if none
 * @param source where the documents are listed from after the job is created (a prefix or a
 *     manifest), null when {@code documents} names them all
 */
public record JobSubmission(
    JobType type,
    List<String> documents,
    JsonObject options,
    int priority,
    String owner,
    String documentArea,
    JsonObject callback,
    JobSource source) {

  /** A job whose documents are all named in the request. */
  public JobSubmission(
      JobType type,
      List<String> documents,
      JsonObject options,
      int priority,
      String owner,
      String documentArea,
      JsonObject callback) {
    this(type, documents, options, priority, owner, documentArea, callback, null);
  }

  /** A job of the open caller, its references resolved against the whole document root. */
  public JobSubmission(JobType type, List<String> documents, JsonObject options, int priority) {
    this(type, documents, options, priority, Caller.OPEN.user(), "", null);
  }

  /** A job without a callback. */
  public JobSubmission(
      JobType type,
      List<String> documents,
      JsonObject options,
      int priority,
      String owner,
      String documentArea) {
    this(type, documents, options, priority, owner, documentArea, null);
  }

  /** Whether the job's callback asks for {@code event} ({@code job.finished}, ...). */
  public boolean announces(String event) {
    return callback != null
        && callback.getJsonArray("events").getValuesAs(JsonString.class).stream()
            .anyMatch(e -> e.getString().equals(event));
  }

  public static final int MIN_PRIORITY = -10;
  public static final int MAX_PRIORITY = 10;
}
