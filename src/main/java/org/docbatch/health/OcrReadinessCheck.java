package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.docbatch.worker.ocr.OcrEngines;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready for OCR while {@code TESSDATA_PATH} holds English language data: without it every OCR
 * document would fail (and a wrong data path crashes libtesseract), so a node missing it should not
 * be sent work.
 */
@Readiness
@ApplicationScoped
public class OcrReadinessCheck implements HealthCheck {

  @Inject OcrEngines engines;

  @Override
  public HealthCheckResponse call() {
    List<String> languages = engines.languages();
    return HealthCheckResponse.named("ocr")
        .status(languages.contains("eng"))
        .withData("tessdata", engines.tessdata().toString())
        .withData("languages", String.join(",", languages))
        .withData("engine", engines.engine())
        .withData("isolation", engines.isolation())
        .withData("engine_restarts", engines.restarts())
        .build();
  }
}
