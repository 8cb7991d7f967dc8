package org.docbatch.worker.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.docbatch.node.NodeLimits;
import org.docbatch.store.FeatureFlags;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads each worker type's {@link PoolLimits} and the node-wide worker settings: the spec's names
 * and defaults ({@code OCR_WORKERS=8}, {@code NLP_WORKERS=4}, {@code VALIDATION_WORKERS=6}, {@code
 * PREPROCESSING_WORKERS=12}, {@code MAX_WORKERS=50}).
 */
@ApplicationScoped
public class PoolSettings {

  private static final Map<String, Integer> MAX_DEFAULTS =
      Map.of("validation", 6, "preprocessing", 12, "ocr", 8, "nlp", 4);

  @Inject Config config;

  /** {@code MAX_WORKERS} and {@code MAX_MEMORY_PER_WORKER}. */
  @Inject NodeLimits node;

  /** {@code WORKER_TIMEOUT}: seconds a document may run, unless its pool says otherwise. */
  @Inject
  @ConfigProperty(name = "worker.timeout", defaultValue = "300")
  long workerTimeoutSeconds;

  /** {@code FEATURES_AUTOSCALING}, changeable on a running cluster. */
  @Inject FeatureFlags features;

  public PoolLimits limits(String type) {
    int max =
        Math.max(
            1,
            config
                .getOptionalValue(type + ".workers", Integer.class)
                .orElse(MAX_DEFAULTS.getOrDefault(type, 4)));
    int min =
        Math.min(max, config.getOptionalValue(type + ".min.workers", Integer.class).orElse(1));
    return new PoolLimits(
        type,
        Math.max(0, min),
        max,
        config
            .getOptionalValue(type + ".memory.limit", Long.class)
            .orElse(node.maxMemoryPerWorkerMb()),
        config.getOptionalValue(type + ".cpu.limit", Double.class).orElse(0.8),
        config.getOptionalValue(type + ".task.timeout", Long.class).orElse(workerTimeoutSeconds));
  }

  public int maxWorkers() {
    return node.maxWorkers();
  }

  /** {@code features.autoscaling} now: false keeps every pool at its {@code max_workers}. */
  public boolean autoscaling() {
    return features.autoscaling();
  }
}
