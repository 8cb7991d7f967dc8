package org.docbatch.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import java.util.regex.Pattern;
import org.docbatch.worker.pool.TaskRefusedException;

/**
 * Reads the bodies of the external worker protocol and turns its refusals into problems: each field
 * checked with a code a worker's author can act on, nothing unknown taken silently.
 */
final class WorkerRequests {

  /** A worker id names a machine or a process: short, printable, no separators of tokens. */
  private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

  /** An error code a worker reports: a stable identifier, as docbatch's own are. */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  static final int MAX_ERROR_MESSAGE = 2000;

  private WorkerRequests() {}

  /** The body as a JSON object with only {@code fields}. */
  static JsonObject object(String body, Set<String> fields) {
    if (body == null || body.isBlank()) {
      throw Problem.badRequest(
          "empty_body", "the request body is empty; send a JSON object with " + fields);
    }
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      value = reader.readValue();
    } catch (JsonException e) {
      throw Problem.badRequest("malformed_json", "the request body is not valid JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Problem.badRequest("invalid_request", "the request body must be a JSON object");
    }
    JsonObject object = value.asJsonObject();
    for (String field : object.keySet()) {
      if (!fields.contains(field)) {
        throw Problem.badRequest(
            "unknown_field", "unknown field '" + field + "'; fields are " + fields);
      }
    }
    return object;
  }

  static String workerId(JsonObject body) {
    String id = text(body, "worker_id", true);
    if (!WORKER_ID.matcher(id).matches()) {
      throw Problem.badRequest(
          "invalid_worker_id", "worker_id is 1 to 64 characters of letters, digits and . _ : @ -");
    }
    return id;
  }

  static String leaseToken(JsonObject body) {
    String token = text(body, "lease_token", true);
    if (token.length() > 4096) {
      throw Problem.badRequest("invalid_lease_token", "lease_token is not one docbatch handed out");
    }
    return token;
  }

  /** A whole number field between {@code min} and {@code max}, {@code fallback} when absent. */
  static int number(JsonObject body, String field, int min, int max, int fallback) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return fallback;
    }
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.longValue() < min
        || number.longValue() > max) {
      throw Problem.badRequest(
          "invalid_" + field, field + " must be a whole number from " + min + " to " + max);
    }
    return number.intValue();
  }

  static String text(JsonObject body, String field, boolean required) {
    JsonValue value = body.get(field);
    if (value instanceof JsonString text && !text.getString().isEmpty()) {
      return text.getString();
    }
    if (value == null && !required) {
      return null;
    }
    throw Problem.badRequest("invalid_" + field, field + " is required: a non-empty string");
  }

  static JsonObject object(JsonObject body, String field) {
    JsonValue value = body.get(field);
    if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Problem.badRequest("invalid_" + field, field + " is required: a JSON object");
    }
    return value.asJsonObject();
  }

  static String errorCode(JsonObject error) {
    String code = text(error, "code", true);
    if (!ERROR_CODE.matcher(code).matches()) {
      throw Problem.badRequest(
          "invalid_error",
          "error.code is a-z, 0-9 and _, at most 64 characters, starting with a letter");
    }
    return code;
  }

  static String errorMessage(JsonObject error) {
    String message = text(error, "message", true);
    if (message.length() > MAX_ERROR_MESSAGE) {
      throw Problem.badRequest(
          "invalid_error", "error.message holds at most " + MAX_ERROR_MESSAGE + " characters");
    }
    return message;
  }

  /** The problem a refused call is answered with. */
  static Problem refused(TaskRefusedException e) {
    return switch (e.refusal()) {
      case UNKNOWN_TYPE -> Problem.notFound("unknown_task_type", e.getMessage());
      case INVALID_TOKEN -> Problem.notFound("invalid_lease_token", e.getMessage());
      case LEASE_LOST -> new Problem(409, "lease_lost", "Lease lost", e.getMessage());
      case TIMED_OUT -> new Problem(409, "task_timed_out", "Task timed out", e.getMessage());
      case CANCELLED -> new Problem(409, "task_cancelled", "Task cancelled", e.getMessage());
      case ALREADY_RECORDED ->
          new Problem(409, "result_already_recorded", "Result already recorded", e.getMessage());
      case RESULT_TOO_LARGE ->
          new Problem(413, "result_too_large", "Result too large", e.getMessage());
      case NOT_WRITTEN ->
          new Problem(503, "result_not_written", "Result not written", e.getMessage())
              .retryAfter(1);
    };
  }
}
