package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.docbatch.worker.nlp.CoreNlpModels;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this node can run NLP documents: {@code models} is {@code present} (with the {@code
 * location} they were found at) or {@code missing} (with the {@code CORENLP_MODELS_DIR} the node
 * was started with).
 *
 * <p>Missing models leave the check UP: readiness gates all of a node's traffic, and a node without
 * the 474 MB models still validates and preprocesses; its NLP documents fail with {@code
 * nlp_models_missing}, saying what to do. Operators who run NLP look at {@code models} here.
 */
@Readiness
@ApplicationScoped
public class NlpModelsReadinessCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("nlp-models").up();
    String directory = CoreNlpModels.configuredDirectory();
    response.withData("directory", directory == null ? "(CORENLP_MODELS_DIR not set)" : directory);
    return CoreNlpModels.location()
        .map(location -> response.withData("models", "present").withData("location", location))
        .orElseGet(() -> response.withData("models", "missing"))
        .build();
  }
}
