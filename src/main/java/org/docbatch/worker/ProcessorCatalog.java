package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.docbatch.worker.preprocessing.PreprocessingProcessor;
import org.docbatch.worker.validation.ValidationProcessor;

/** The processor of each worker type. Processors are stateless and shared by the pool's threads. */
@ApplicationScoped
public class ProcessorCatalog {

  private final Map<String, DocumentProcessor> processors =
      Map.of(
          "validation", new ValidationProcessor(),
          "preprocessing", new PreprocessingProcessor());

  public DocumentProcessor forType(String workerType) {
    DocumentProcessor processor = processors.get(workerType);
    if (processor == null) {
      throw new IllegalArgumentException("no worker of type " + workerType);
    }
    return processor;
  }
}
