package org.docbatch.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * {@code EXTERNAL_TYPES} (the file's {@code worker_pools.<name>.external: true}): task types
   * whose documents workers outside the server take over HTTP; this node has no pool for them.
   */
  @Inject
  @ConfigProperty(name = "external.types")
  Optional<String> externalTypesSetting;

  @Inject OcrEngines ocrEngines;

  private List<String> externalTypes = List.of();

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
    externalTypes =
        externalTypesSetting.stream()
            .flatMap(names -> Arrays.stream(names.split(",")))
            .map(String::trim)
            .filter(name -> !name.isEmpty() && !processors.containsKey(name))
            .distinct()
            .toList();
  }

  /** The external task types: documents of their jobs wait for workers outside the server. */
  public List<String> externalTypes() {
    return externalTypes;
  }

  /** The job type {@code id} names: a built-in one this node offers, or an external one. */
  public Optional<JobType> jobType(String id) {
    Optional<JobType> builtIn = JobType.fromId(id).filter(this::offers);
    if (builtIn.isPresent() || !externalTypes.contains(id)) {
      return builtIn;
    }
    return Optional.of(JobType.external(id));
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
    if (type.isExternal()) {
      return externalTypes.contains(type.id());
    }
    return processors.keySet().containsAll(type.stages());
  }

  /**
   * Checks a job's options with the processor of each of its stages.
   *
   * @throws DocumentException {@code bad_option} naming the option
   */
  public void checkOptions(JobType type, JsonObject options) throws DocumentException {
    if (type.isExternal()) {
      return; // the options go to the external worker as they are
    }
    for (String stage : type.stages()) {
      forType(stage).checkOptions(options);
    }
  }

  /** The option keys a job of {@code type} may have: those of every stage's worker, sorted. */
  public SortedSet<String> optionNames(JobType type) {
    SortedSet<String> names = new TreeSet<>();
    names.add(ResultCache.OPTION);
    if (type.isExternal()) {
      return names;
    }
    for (String stage : type.stages()) {
      names.addAll(forType(stage).optionNames());
    }
    return names;
  }

  /** The worker types this node has a pool for. */
  public List<String> offeredTypes() {
    return List.copyOf(processors.keySet());
  }

  /**
   * The worker types with a queue: this node's pools' and the external task types. Queue depths,
   * dead letters and task counts cover them all.
   */
  public List<String> queueTypes() {
    List<String> types = new java.util.ArrayList<>(processors.keySet());
    types.addAll(externalTypes);
    return types;
  }

  /** The job types a client may submit here, for error messages. */
  public List<String> offeredJobTypes() {
    List<String> types = new java.util.ArrayList<>();
    Arrays.stream(JobType.values()).filter(this::offers).map(JobType::id).forEach(types::add);
    types.addAll(externalTypes);
    return types;
  }
}
