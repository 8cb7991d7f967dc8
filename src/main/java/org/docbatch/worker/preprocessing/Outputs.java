package org.docbatch.worker.preprocessing;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.spi.DocumentException;

/**
 * The artifacts one preprocessing run writes, in reading order: the result lists their names
 * ({@code outputs}, what a pipeline's next stage reads) and their API paths ({@code artifacts}).
 */
final class Outputs {

  private final DocumentArtifacts artifacts;
  private final JsonArrayBuilder names = Json.createArrayBuilder();
  private final JsonArrayBuilder paths = Json.createArrayBuilder();
  private String first;

  Outputs(DocumentArtifacts artifacts) {
    this.artifacts = artifacts;
  }

  /** Writes artifact {@code name} whole, or nothing. */
  String write(String name, DocumentArtifacts.Writing writing) throws DocumentException {
    try {
      artifacts.write(name, writing);
    } catch (IOException e) {
      throw new DocumentException(
              "output_failed", "The output " + name + " could not be written: " + withoutPath(e), e)
          .retryable();
    }
    names.add(name);
    paths.add(artifacts.apiPath(name));
    if (first == null) {
      first = name;
    }
    return name;
  }

  /** What went wrong, without the server's paths a file system exception names. */
  static String withoutPath(IOException e) {
    if (e instanceof FileSystemException fs) {
      return fs.getClass().getSimpleName() + (fs.getReason() == null ? "" : ": " + fs.getReason());
    }
    return String.valueOf(e.getMessage());
  }

  /** The API path of an artifact written here. */
  String apiPath(String name) {
    return artifacts.apiPath(name);
  }

  JsonObjectBuilder addTo(JsonObjectBuilder result) {
    result.add("outputs", names).add("artifacts", paths);
    if (first != null) {
      result.add("output", first);
    }
    return result;
  }
}
