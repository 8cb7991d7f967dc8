package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * How many documents of one worker type a node processes at once: {@code VALIDATION_WORKERS},
 * {@code PREPROCESSING_WORKERS}, {@code OCR_WORKERS}, {@code NLP_WORKERS} (the spec's names and
 * defaults).
 */
@ApplicationScoped
public class WorkerPoolSizes {

  private static final Map<String, Integer> DEFAULTS =
      Map.of("validation", 6, "preprocessing", 12, "ocr", 8, "nlp", 4);

  @Inject Config config;

  public int workers(String workerType) {
    int size =
        config
            .getOptionalValue(workerType + ".workers", Integer.class)
            .orElse(DEFAULTS.getOrDefault(workerType, 4));
    return Math.max(1, size);
  }
}
