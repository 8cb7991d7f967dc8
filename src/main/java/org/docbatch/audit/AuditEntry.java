package org.docbatch.audit;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.docbatch.json.Json;

/**
 * One line of the audit log: who did what to which job, when, and how it ended. Never a credential,
 * a request body or a document's content.
 *
 * @param time when the request arrived
 * @param node the node that answered it ({@code NODE_ID})
 * @param user who sent it, as their credential proved; null when it proved nothing
 * @param role their role ({@code submitter}, {@code operator}, {@code admin}); null with no user
 * @param via how they proved it: {@code api_key}, {@code token} or {@code open}; null with no user
 * @param credential what the request presented: {@code api_key}, {@code bearer}, {@code other} or
 *     {@code none} (the kind only, never the value)
 * @param remote the client's address
 * @param method the HTTP method
 * @param path the path under {@code /api}, without the query
 * @param action the operation ({@code job.submit}, {@code job.read}, ...; {@code unknown} for a
 *     path no endpoint serves)
 * @param jobId the job it concerns, or null
 * @param deadLetterId the dead letter it concerns, or null
 * @param documents the ids of the documents an upload stored (empty otherwise)
 * @param status the HTTP status of the answer
 * @param code the problem's {@code code} when the answer is a problem, else null
 * @param detail the problem's {@code detail}, shortened, else null
 * @param durationMillis time from arrival to the answer's headers
 */
public record AuditEntry(
    Instant time,
    String node,
    String user,
    String role,
    String via,
    String credential,
    String remote,
    String method,
    String path,
    String action,
    String jobId,
    String deadLetterId,
    List<String> documents,
    int status,
    String code,
    String detail,
    long durationMillis) {

  /** Longest {@code path} and {@code detail} kept: a line stays a line, whatever a client sends. */
  static final int MAX_TEXT = 512;

  /**
   * {@code ok} (1xx-3xx), {@code refused} (4xx: the client's request was not done) or {@code
   * failed} (5xx).
   */
  public String outcome() {
    return status >= 500 ? "failed" : status >= 400 ? "refused" : "ok";
  }

  /** The entry as one line of JSON, without the line break. */
  public String toJson() {
    JsonObjectBuilder line =
        Json.createObjectBuilder().add("time", time.toString()).add("node", text(node));
    nullable(line, "user", user);
    nullable(line, "role", role);
    nullable(line, "via", via);
    line.add("credential", text(credential))
        .add("remote", text(remote))
        .add("method", text(method))
        .add("path", shorten(path))
        .add("action", text(action));
    nullable(line, "job_id", jobId);
    if (deadLetterId != null) {
      line.add("dead_letter_id", shorten(deadLetterId));
    }
    if (!documents.isEmpty()) {
      line.add("documents", Json.createArrayBuilder(documents));
    }
    line.add("status", status).add("outcome", outcome());
    nullable(line, "code", code);
    if (detail != null) {
      line.add("detail", shorten(detail));
    }
    return line.add("duration_ms", durationMillis).build().toString();
  }

  private static void nullable(JsonObjectBuilder line, String name, String value) {
    if (value == null) {
      line.addNull(name);
    } else {
      line.add(name, shorten(value));
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String shorten(String value) {
    return value == null || value.length() <= MAX_TEXT
        ? text(value)
        : value.substring(0, MAX_TEXT) + "...";
  }
}
