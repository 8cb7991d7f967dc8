package org.docbatch.webhook;

import java.util.Map;

/**
 * One webhook delivery as kept in Redis.
 *
 * @param id the delivery's id, sent as {@code Docbatch-Delivery} with every attempt
 * @param execution the JSR-352 execution whose end it announces (a retried job announces again);
 *     for {@code document.finished}, the position of its first document in the job's finished list
 * @param state {@code waiting} (to be sent or sent again), {@code delivered} or {@code failed}
 * @param lastStatus the HTTP status of the last attempt, 0 when it got no answer
 * @param lastError why the last attempt did not deliver, null if none
 * @param nextAttemptAt when it is sent again (ISO-8601), null when not waiting
 * @param documentsTo for {@code document.finished}: the end (exclusive) of the positions of the
 *     job's finished documents it announces, from {@code execution}; 0 otherwise
 * @param windowMillis when retrying began (creation, or the last redelivery a user asked for):
 *     attempts stop {@code WEBHOOK_RETRY_HOURS} after it
 */
public record Delivery(
    String id,
    String job,
    long execution,
    String event,
    String url,
    String state,
    int attempts,
    long createdMillis,
    String createdAt,
    int lastStatus,
    String lastError,
    String lastAttemptAt,
    String deliveredAt,
    String nextAttemptAt,
    long documentsTo,
    long windowMillis) {

  public static final String WAITING = "waiting";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  static Delivery fromHash(Map<String, String> hash) {
    return new Delivery(
        hash.get("id"),
        hash.get("job"),
        Long.parseLong(hash.getOrDefault("execution", "0")),
        hash.get("event"),
        hash.get("url"),
        hash.get("state"),
        Integer.parseInt(hash.getOrDefault("attempts", "0")),
        Long.parseLong(hash.getOrDefault("created_ms", "0")),
        hash.get("created_at"),
        Integer.parseInt(hash.getOrDefault("last_status", "0")),
        hash.get("last_error"),
        hash.get("last_attempt_at"),
        hash.get("delivered_at"),
        hash.get("next_attempt_at"),
        Long.parseLong(hash.getOrDefault("documents_to", "0")),
        Long.parseLong(hash.getOrDefault("window_ms", hash.getOrDefault("created_ms", "0"))));
  }
}
