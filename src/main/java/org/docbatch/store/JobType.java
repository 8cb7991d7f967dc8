package org.docbatch.store;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of job docbatch runs. Each is a JSR-352 job XML of the same name in {@code
 * batch-jobs/}.
 */
public enum JobType {
  VALIDATION("validation"),
  PREPROCESSING("preprocessing"),
  OCR("ocr"),
  /** Stanford CoreNLP over text and the text layer of PDFs. */
  NLP("nlp"),
  /**
   * Each document through preprocessing, OCR, NLP and validation, one JSR-352 step (and worker
   * type) after the other, each stage reading what the one before produced.
   */
  PIPELINE("pipeline", "preprocessing", "ocr", "nlp", "validation"),
  /** Waits and succeeds (or fails on purpose): benchmarks and tests, when enabled. */
  NOOP("noop");

  private final String id;
  private final List<String> stages;

  JobType(String id, String... stages) {
    this.id = id;
    this.stages = stages.length == 0 ? List.of(id) : List.of(stages);
  }

  /**
   * The worker types a document of this job goes through, in order: the job's own type, or a
   * pipeline's stages.
   */
  public List<String> stages() {
    return stages;
  }

  /** Whether jobs of this type run several stages, each recording its own result. */
  public boolean isPipeline() {
    return stages.size() > 1;
  }

  /** The name used in the API, in Redis and as the job XML's name. */
  public String id() {
    return id;
  }

  public static Optional<JobType> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
