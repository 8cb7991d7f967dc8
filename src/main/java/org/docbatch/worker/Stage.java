package org.docbatch.worker;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobType;

/**
 * Where one run of a document stands in its job: the only stage of a plain job, or one stage of a
 * pipeline job ({@link JobType#PIPELINE}). A pipeline's stages before the last record their result
 * per stage, and the next stage reads them; the last stage records the document's result, which
 * holds every stage's.
 *
 * @param name the stage, which is also the worker type running it
 * @param earlier the stages the document went through before this one
 * @param last whether this stage's outcome is the document's
 * @param pipeline whether the job has several stages
 */
record Stage(String name, List<String> earlier, boolean last, boolean pipeline) {

  static Stage of(JobRecord job, String workerType) {
    JobType type = JobType.fromId(job.type()).orElse(null);
    if (type == null || !type.isPipeline()) {
      return new Stage(workerType, List.of(), true, false);
    }
    List<String> stages = type.stages();
    int position = stages.indexOf(workerType);
    return new Stage(
        workerType, stages.subList(0, Math.max(0, position)), position == stages.size() - 1, true);
  }

  /** The results of the earlier stages, by stage name: the input of this one. */
  JsonObject earlierResults(JobResults jobResults, String jobId, int index) {
    if (earlier.isEmpty()) {
      return JsonObject.EMPTY_JSON_OBJECT;
    }
    List<String> results = jobResults.stageResults(jobId, index, earlier);
    JsonObjectBuilder byStage = Json.createObjectBuilder();
    for (int i = 0; i < earlier.size(); i++) {
      if (results.get(i) != null) {
        try (var reader = Json.createReader(new StringReader(results.get(i)))) {
          byStage.add(earlier.get(i), reader.readObject());
        }
      }
    }
    return byStage.build();
  }

  /** The document's result: this stage's, or in a pipeline every stage's under {@code stages}. */
  JsonObject documentResult(JsonObject earlierResults, JsonObject result) {
    if (!pipeline) {
      return result;
    }
    JsonObject stages = Json.createObjectBuilder(earlierResults).add(name, result).build();
    return Json.createObjectBuilder().add("stages", stages).build();
  }

  /** A document's error, naming the stage it failed in when the job has several. */
  JsonObject error(String code, String message) {
    JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
    if (pipeline) {
      error.add("stage", name);
    }
    return error.build();
  }
}
