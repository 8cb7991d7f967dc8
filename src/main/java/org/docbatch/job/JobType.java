package org.docbatch.job;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of job docbatch runs. Each is a JSR-352 job XML of the same name in {@code
 * batch-jobs/}.
 */
public enum JobType {
  VALIDATION("validation"),
  PREPROCESSING("preprocessing"),
  /** Stanford CoreNLP over text and the text layer of PDFs. */
  NLP("nlp"),
  /** Waits and succeeds (or fails on purpose): benchmarks and tests, when enabled. */
  NOOP("noop");

  private final String id;

  JobType(String id) {
    this.id = id;
  }

  /** The name used in the API, in Redis and as the job XML's name. */
  public String id() {
    return id;
  }

  public static Optional<JobType> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
