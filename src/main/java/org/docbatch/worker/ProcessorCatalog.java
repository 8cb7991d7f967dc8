package org.docbatch.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.docbatch.job.JobType;
import org.docbatch.worker.nlp.NlpProcessor;
import org.docbatch.worker.noop.NoopProcessor;
import org.docbatch.worker.preprocessing.PreprocessingProcessor;
import org.docbatch.worker.validation.ValidationProcessor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The processor of each worker type this node offers. Processors are shared by the pool's threads;
 * they hold no state but what is built once per node and safe to share (NLP's CoreNLP pipelines).
 */
@ApplicationScoped
public class ProcessorCatalog {

  /** {@code NOOP_JOBS_ENABLED}: offer the {@code noop} job type (benchmarks and tests only). */
  @Inject
  @ConfigProperty(name = "noop.jobs.enabled", defaultValue = "false")
  boolean noopEnabled;

  private final Map<String, DocumentProcessor> processors = new LinkedHashMap<>();

  @PostConstruct
  void init() {
    processors.put(JobType.VALIDATION.id(), new ValidationProcessor());
    processors.put(JobType.PREPROCESSING.id(), new PreprocessingProcessor());
    processors.put(JobType.NLP.id(), new NlpProcessor());
    if (noopEnabled) {
      processors.put(JobType.NOOP.id(), new NoopProcessor());
    }
  }

  public DocumentProcessor forType(String workerType) {
    DocumentProcessor processor = processors.get(workerType);
    if (processor == null) {
      throw new IllegalArgumentException("no worker of type " + workerType);
    }
    return processor;
  }

  public boolean offers(JobType type) {
    return processors.containsKey(type.id());
  }

  /** The job types a client may submit here, for error messages. */
  public List<String> offeredTypes() {
    return List.copyOf(processors.keySet());
  }
}
