package org.docbatch.worker.pool;

import org.eclipse.microprofile.config.Config;

/** Runs allowed per partition of a worker type: {@code <TYPE>_MAX_RETRIES} (default 3) + 1. */
final class Attempts {

  private final Config config;

  Attempts(Config config) {
    this.config = config;
  }

  int of(String type) {
    return 1 + config.getOptionalValue(type + ".max.retries", Integer.class).orElse(3);
  }
}
