package org.docbatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker OpenApiIT relies on must notice each kind of departure it claims to. */
class JsonSchemaCheckTest {

  private static final OpenApiDocument DOCUMENT =
      new OpenApiDocument(
          json(
              """
              {"components": {"schemas": {
                "Job": {"type": "object", "additionalProperties": false,
                        "required": ["job_id", "progress", "status"],
                        "properties": {
                          "job_id": {"type": "string"},
                          "progress": {"type": "integer"},
                          "load": {"type": "number"},
                          "status": {"$ref": "#/components/schemas/Status"},
                          "options": {"type": "object", "additionalProperties": true}}},
                "Status": {"type": "string", "enum": ["RUNNING", "COMPLETED"]},
                "Page": {"type": "object", "required": ["jobs"],
                         "properties": {"scope": {"const": "cluster"},
                                        "jobs": {"type": "array",
                                                 "items": {"$ref": "#/components/schemas/Job"}}}}
              }}}
              """));

  @Test
  void aConformingAnswerHasNoViolations() {
    List<String> violations =
        check(
            "{\"scope\": \"cluster\", \"jobs\": [{\"job_id\": \"a\", \"progress\": 5, \"load\": 5,"
                + " \"status\": \"RUNNING\", \"options\": {\"x\": 1}}]}");

    assertEquals(List.of(), violations);
  }

  @Test
  void everyKindOfDepartureIsReportedWithWhereItIs() {
    List<String> violations =
        check(
            "{\"scope\": \"node\", \"jobs\": [{\"job_id\": 7, \"progress\": 1.5,"
                + " \"status\": \"LOST\", \"owner\": \"ann\"}, {\"job_id\": \"b\"}]}");

    assertEquals(
        List.of(
            "$.scope is \"node\", documented \"cluster\"",
            "$.jobs[0].job_id is number, documented \"string\"",
            "$.jobs[0].progress is number, documented \"integer\"",
            "$.jobs[0].status is \"LOST\", not one of [\"RUNNING\",\"COMPLETED\"]",
            "$.jobs[0].owner is not documented (additionalProperties: false)",
            "$.jobs[1] lacks required property progress",
            "$.jobs[1] lacks required property status"),
        violations);
  }

  private static List<String> check(String answer) {
    return DOCUMENT
        .schemaCheck()
        .violations(
            json(answer),
            Json.createObjectBuilder().add("$ref", "#/components/schemas/Page").build());
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
