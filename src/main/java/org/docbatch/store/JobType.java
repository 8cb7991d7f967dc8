package org.docbatch.store;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of job docbatch runs. Each built-in kind is a JSR-352 job XML of the same name in
 * {@code batch-jobs/}; an external task type (a pool declared {@code external: true}, whose
 * documents are taken by workers outside the server over HTTP) runs the generic {@value
 * #EXTERNAL_XML} job XML, told its type by a job parameter.
 */
public final class JobType {

  public static final JobType VALIDATION = new JobType("validation", false);
  public static final JobType PREPROCESSING = new JobType("preprocessing", false);
  public static final JobType OCR = new JobType("ocr", false);

  /** Stanford CoreNLP over text and the text layer of PDFs. */
  public static final JobType NLP = new JobType("nlp", false);

  /**
   * Each document through preprocessing, OCR, NLP and validation, one JSR-352 step (and worker
   * type) after the other, each stage reading what the one before produced.
   */
  public static final JobType PIPELINE =
      new JobType("pipeline", false, "preprocessing", "ocr", "nlp", "validation");

  /** Waits and succeeds (or fails on purpose): benchmarks and tests, when enabled. */
  public static final JobType NOOP = new JobType("noop", false);

  /** The job XML of every external task type. */
  public static final String EXTERNAL_XML = "external";

  private static final JobType[] BUILT_IN = {VALIDATION, PREPROCESSING, OCR, NLP, PIPELINE, NOOP};

  private final String id;
  private final boolean external;
  private final List<String> stages;

  private JobType(String id, boolean external, String... stages) {
    this.id = id;
    this.external = external;
    this.stages = stages.length == 0 ? List.of(id) : List.of(stages);
  }

  /** The job type of the external task type {@code name}: one stage, its own queue. */
  public static JobType external(String name) {
    return new JobType(name, true);
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

  /** Whether workers outside the server take its documents. */
  public boolean isExternal() {
    return external;
  }

  /** The name used in the API, in Redis and (for a built-in type) as the job XML's name. */
  public String id() {
    return id;
  }

  /** The JSR-352 job XML its jobs run. */
  public String jobXml() {
    return external ? EXTERNAL_XML : id;
  }

  /** The built-in types. */
  public static JobType[] values() {
    return BUILT_IN.clone();
  }

  /** The built-in type {@code id}; external types are known from the configuration. */
  public static Optional<JobType> fromId(String id) {
    for (JobType type : BUILT_IN) {
      if (type.id.equals(id)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobType type && type.id.equals(id) && type.external == external;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
