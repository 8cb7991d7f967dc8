package org.docbatch.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.docbatch.store.JobType;
import org.docbatch.worker.nlp.NlpProcessor;
import org.docbatch.worker.noop.NoopProcessor;
import org.docbatch.worker.ocr.OcrEngines;
import org.docbatch.worker.ocr.OcrProcessor;
import org.docbatch.worker.preprocessing.PreprocessingProcessor;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
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

  @Inject OcrEngines ocrEngines;

  private final Map<String, DocumentProcessor> processors = new LinkedHashMap<>();

  @PostConstruct
  void init() {
    processors.put(JobType.VALIDATION.id(), new ValidationProcessor());
    processors.put(JobType.PREPROCESSING.id(), new PreprocessingProcessor());
    processors.put(JobType.OCR.id(), new OcrProcessor(ocrEngines));
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

  /** Whether this node has a worker for every stage of the job type. */
  public boolean offers(JobType type) {
    return processors.keySet().containsAll(type.stages());
  }

  /**
   * Checks a job's options with the processor of each of its stages.
   *
   * @throws DocumentException {@code bad_option} naming the option
   */
  public void checkOptions(JobType type, JsonObject options) throws DocumentException {
    for (String stage : type.stages()) {
      forType(stage).checkOptions(options);
    }
  }

  /** The option keys a job of {@code type} may have: those of every stage's worker, sorted. */
  public SortedSet<String> optionNames(JobType type) {
    SortedSet<String> names = new TreeSet<>();
    names.add(ResultCache.OPTION);
    for (String stage : type.stages()) {
      names.addAll(forType(stage).optionNames());
    }
    return names;
  }

  /** The worker types this node has a pool for. */
  public List<String> offeredTypes() {
    return List.copyOf(processors.keySet());
  }

  /** The job types a client may submit here, for error messages. */
  public List<String> offeredJobTypes() {
    return Arrays.stream(JobType.values()).filter(this::offers).map(JobType::id).toList();
  }
}
