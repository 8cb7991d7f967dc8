package org.docbatch.job;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * A job as a user submitted it, already checked: a known type, documents that exist under the
 * document root, a priority in range.
 *
 * @param documents the references as submitted (paths under the document root or uploaded ids)
 */
public record JobSubmission(
    JobType type, List<String> documents, JsonObject options, int priority) {

  public static final int MIN_PRIORITY = -10;
  public static final int MAX_PRIORITY = 10;
}
