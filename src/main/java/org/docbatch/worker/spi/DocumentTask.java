package org.docbatch.worker.spi;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import org.docbatch.artifact.DocumentArtifacts;

/**
 * One document of one job, as a worker sees it.
 *
 * @param jobId the docbatch job id
 * @param index the document's position in the job (0-based)
 * @param reference what the user submitted: a path under the document root or an uploaded document
 *     id
 * @param file the resolved file, inside the document root
 * @param options the job's options, as submitted
 * @param artifacts where the worker writes every file it produces for this document, and reads
 *     those an earlier stage wrote; a result names them by artifact name or API path, never by a
 *     server path
 * @param earlierStages in a pipeline job, the results of the stages this document went through
 *     already, by stage name (the input of this stage); empty otherwise
 */
public record DocumentTask(
    String jobId,
    int index,
    String reference,
    Path file,
    JsonObject options,
    DocumentArtifacts artifacts,
    JsonObject earlierStages) {

  /** A document of a job of one stage. */
  public DocumentTask(
      String jobId,
      int index,
      String reference,
      Path file,
      JsonObject options,
      DocumentArtifacts artifacts) {
    this(jobId, index, reference, file, options, artifacts, JsonObject.EMPTY_JSON_OBJECT);
  }

  /** The result of an earlier stage of a pipeline job, if the document went through it. */
  public Optional<JsonObject> earlierStage(String stage) {
    return Optional.ofNullable(earlierStages.getJsonObject(stage));
  }
}
