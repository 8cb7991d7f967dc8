package org.docbatch.job;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's id: {@code <job_id>:<index>} for a document of a job, {@code <job_id>:<index>:<page>}
 * for a page of it read as a partition of its own (pages count from 1).
 *
 * @param page null for a document's task
 */
public record TaskId(String jobId, int index, Integer page) {

  private static final Pattern FORM = Pattern.compile("([^:]+):(\\d{1,9})(?::(\\d{1,9}))?");

  /** The id parsed, or empty when it is not of that form. */
  public static Optional<TaskId> parse(String text) {
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String page = matcher.group(3);
    if (page != null && Integer.parseInt(page) < 1) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskId(
            matcher.group(1),
            Integer.parseInt(matcher.group(2)),
            page == null ? null : Integer.valueOf(page)));
  }

  /** The task's field in its job's hashes of task starts: {@code <index>[:<page>]}. */
  public String field() {
    return page == null ? Integer.toString(index) : index + ":" + page;
  }

  @Override
  public String toString() {
    return jobId + ":" + field();
  }
}
