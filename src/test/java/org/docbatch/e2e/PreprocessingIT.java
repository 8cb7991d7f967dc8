package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A preprocessing job over HTTP writes real output files a next step can use. */
@ExtendWith(DocbatchExtension.class)
class PreprocessingIT {

  @Test
  void textImagesAndPdfsAreTurnedIntoCleanOutputs(Docbatch docbatch) throws Exception {
    Path folder =
        Files.createDirectories(docbatch.documentRoot().resolve("pre-" + UUID.randomUUID()));
    String prefix = folder.getFileName() + "/";
    List<String> documents =
        List.of(
            prefix + TestDocuments.windows1252Text(folder).getFileName(),
            prefix + TestDocuments.skewedPng(folder).getFileName(),
            prefix + TestDocuments.textPdf(folder).getFileName());

    String id =
        docbatch
            .api()
            .post(
                "/jobs",
                "{\"job_type\": \"preprocessing\", \"options\": {\"dpi\": 100}, \"documents\": ["
                    + String.join(",", documents.stream().map(d -> "\"" + d + "\"").toList())
                    + "]}")
            .json()
            .getString("job_id");
    JsonObject job = docbatch.api().awaitFinished(id, Duration.ofMinutes(2));

    assertEquals(
        3, job.getInt("completed_tasks"), docbatch.api().get("/jobs/" + id + "/results").body());
    var results = docbatch.api().get("/jobs/" + id + "/results").json().getJsonArray("results");
    JsonObject text = results.getJsonObject(0).getJsonObject("result");
    JsonObject image = results.getJsonObject(1).getJsonObject("result");
    JsonObject pdf = results.getJsonObject(2).getJsonObject("result");
    String textOut = Files.readString(Path.of(firstOutput(text)));
    assertTrue(
        textOut.contains("Café crème"),
        "decoded from windows-1252 and written as UTF-8: " + textOut);
    BufferedImage cleaned = ImageIO.read(Path.of(firstOutput(image)).toFile());
    assertTrue(cleaned.getWidth() > 0, image.toString());
    assertTrue(
        Math.abs(
                Math.abs(image.getJsonNumber("skew_angle_degrees").doubleValue())
                    - TestDocuments.SKEW_DEGREES)
            < 1.0,
        image.toString());
    assertEquals(2, pdf.getInt("page_count"), pdf.toString());
  }

  /** Every preprocessing result lists the files it wrote under {@code outputs}. */
  private static String firstOutput(JsonObject result) {
    return result.getJsonArray("outputs").getString(0);
  }
}
