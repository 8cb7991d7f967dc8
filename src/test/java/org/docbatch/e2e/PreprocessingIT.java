package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.testing.ApiClient;
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
    String body = docbatch.api().get("/jobs/" + id + "/results").body();
    assertFalse(body.contains(docbatch.documentRoot().getParent().toString()), body);
    String textOut = new String(download(docbatch, text), StandardCharsets.UTF_8);
    assertTrue(
        textOut.contains("Café crème"),
        "decoded from windows-1252 and written as UTF-8: " + textOut);
    BufferedImage cleaned = ImageIO.read(new ByteArrayInputStream(download(docbatch, image)));
    assertTrue(cleaned.getWidth() > 0, image.toString());
    assertTrue(
        Math.abs(
                Math.abs(image.getJsonNumber("skew_angle_degrees").doubleValue())
                    - TestDocuments.SKEW_DEGREES)
            < 1.0,
        image.toString());
    assertEquals(2, pdf.getInt("page_count"), pdf.toString());
    JsonObject listed = docbatch.api().get("/jobs/" + id + "/documents/2/artifacts").json();
    assertEquals(2, listed.getJsonArray("artifacts").size(), listed.toString());
    assertEquals(
        "image/png", listed.getJsonArray("artifacts").getJsonObject(0).getString("media_type"));
  }

  /**
   * Every preprocessing result lists the API paths of the artifacts it wrote under {@code
   * artifacts}: the first, downloaded.
   */
  private static byte[] download(Docbatch docbatch, JsonObject result) {
    String path = result.getJsonArray("artifacts").getString(0);
    assertTrue(path.startsWith("/api/jobs/"), result.toString());
    ApiClient.Download download = docbatch.api().download(path.substring("/api".length()));
    assertEquals(200, download.status(), path);
    return download.body();
  }
}
