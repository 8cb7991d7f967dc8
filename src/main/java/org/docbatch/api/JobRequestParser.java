package org.docbatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.docbatch.dispatch.queue.QueueLimit;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.library.JobSources;
import org.docbatch.s3.S3Location;
import org.docbatch.security.Caller;
import org.docbatch.store.JobSource;
import org.docbatch.store.JobSubmission;
import org.docbatch.store.JobType;
import org.docbatch.worker.ProcessorCatalog;
import org.docbatch.worker.spi.DocumentException;

/**
 * Reads a {@code POST /api/jobs} body into a {@link JobSubmission}, or says precisely what is wrong
 * with it: every bad field and every bad document at once, so that a user fixes them in one go.
 */
@ApplicationScoped
public class JobRequestParser {

  private static final Set<String> FIELDS =
      Set.of("job_type", "documents", "source", "options", "priority", "callback");
  private static final Set<String> SOURCE_FIELDS = Set.of("prefix", "glob", "manifest");
  private static final int MAX_REPORTED_DOCUMENT_ERRORS = 50;

  /** The largest options object, as JSON text: it is stored and sent with every job change. */
  static final int MAX_OPTIONS_BYTES = 8 * 1024;

  @Inject DocumentLibrary library;
  @Inject ProcessorCatalog processors;
  @Inject CallbackRequest callbacks;
  @Inject JobSources sources;

  /** No job may have more documents than a queue holds. */
  @Inject QueueLimit queueLimit;

  /** Reads and checks a job request; {@code caller} owns the job, in their document area. */
  public JobSubmission parse(String body, Caller caller) {
    String area = DocumentLibrary.areaOf(caller);
    JsonObject request = readObject(body);
    List<JsonObject> errors = new ArrayList<>();
    for (String field : request.keySet()) {
      if (!FIELDS.contains(field)) {
        errors.add(
            error(
                "unknown_field",
                field,
                "unknown field '"
                    + field
                    + "'; fields are "
                    + String.join(", ", FIELDS.stream().sorted().toList())));
      }
    }
    JobType type = jobType(request.get("job_type"), errors);
    JsonValue sourceValue = request.get("source");
    JobSource source = null;
    List<String> documents = List.of();
    if (sourceValue != null && request.containsKey("documents")) {
      errors.add(
          error(
              "documents_and_source",
              "source",
              "a job names its documents or a source to list them from, not both"));
    } else if (sourceValue != null) {
      source = source(sourceValue, errors);
    } else {
      documents = documents(request.get("documents"), errors);
    }
    JsonObject options = options(request.get("options"), errors);
    checkOptions(type, options, errors);
    int priority = priority(request.get("priority"), errors);
    JsonObject callback = callbacks.read(request.get("callback"), errors);
    throwIfAny(400, "Invalid job request", errors);
    int maxDocuments = queueLimit.perJob();
    if (documents.size() > maxDocuments) {
      throw new Problem(
          413,
          "too_many_documents",
          "Too many documents",
          "the job has "
              + documents.size()
              + " documents; at most "
              + maxDocuments
              + " ("
              + queueLimit.perJobSetting()
              + ")"
              + " are accepted per job: split it");
    }
    checkSource(source, area);
    boolean bucketAccessOnly = resolveAll(documents, area, errors);
    // The shape: an s3:// reference outside what the caller may read is 403; a path is
    // 422 as it always was, and so is a request whose problems are not all of the first kind.
    throwIfAny(bucketAccessOnly ? 403 : 422, "Documents cannot be read", errors);
    return new JobSubmission(
        type, documents, options, priority, caller.user(), area, callback, source);
  }

  private static JsonObject readObject(String body) {
    if (body == null || body.isBlank()) {
      throw Problem.badRequest(
          "empty_body",
          "the request body is empty; send a JSON object with job_type and documents");
    }
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw Problem.badRequest(
            "invalid_request",
            "the request body must be a JSON object, not "
                + value.getValueType().name().toLowerCase());
      }
      return value.asJsonObject();
    } catch (JsonParsingException e) {
      var at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
      throw Problem.badRequest(
          "malformed_json", "the request body is not valid JSON" + where + ": " + e.getMessage());
    } catch (jakarta.json.JsonException e) {
      throw Problem.badRequest(
          "malformed_json", "the request body is not valid JSON: " + e.getMessage());
    }
  }

  private JobType jobType(JsonValue value, List<JsonObject> errors) {
    String known = String.join(", ", processors.offeredJobTypes());
    if (!(value instanceof JsonString name)) {
      errors.add(error("invalid_job_type", "job_type", "job_type is required: one of " + known));
      return null;
    }
    return processors
        .jobType(name.getString())
        .orElseGet(
            () -> {
              errors.add(
                  error(
                      "unknown_job_type",
                      "job_type",
                      "unknown job_type '" + name.getString() + "'; known types: " + known));
              return null;
            });
  }

  private static List<String> documents(JsonValue value, List<JsonObject> errors) {
    List<String> documents = new ArrayList<>();
    if (!(value instanceof JsonArray array)) {
      errors.add(
          error(
              "invalid_documents",
              "documents",
              "documents is required: an array of paths under the document root or uploaded"
                  + " document ids (or a source to list them from: a prefix or a manifest)"));
      return documents;
    }
    if (array.isEmpty()) {
      errors.add(
          error(
              "empty_documents",
              "documents",
              "documents is empty; a job needs at least one document"));
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof JsonString reference) {
        documents.add(reference.getString());
      } else {
        errors.add(
            error(
                "invalid_documents",
                "documents[" + i + "]",
                "documents[" + i + "] must be a string"));
        return documents;
      }
    }
    return documents;
  }

  /** {@code source}: {@code {"prefix": "s3://...", "glob": "..."}} or {@code {"manifest": ...}}. */
  private static JobSource source(JsonValue value, List<JsonObject> errors) {
    if (!(value instanceof JsonObject source)) {
      errors.add(
          error(
              "invalid_source",
              "source",
              "source must be an object: {\"prefix\": \"s3://bucket/prefix/\", \"glob\": ...}"
                  + " or {\"manifest\": ...}"));
      return null;
    }
    List<String> unknown =
        source.keySet().stream().filter(k -> !SOURCE_FIELDS.contains(k)).toList();
    String prefix = string(source, "prefix", errors);
    String glob = string(source, "glob", errors);
    String manifest = string(source, "manifest", errors);
    String problem =
        !unknown.isEmpty()
            ? "unknown field "
                + quoted(unknown.get(0))
                + " in source; its fields are glob, manifest, prefix"
            : prefix != null && manifest != null
                ? "source names a prefix or a manifest, not both"
                : prefix == null && manifest == null
                    ? "source needs a prefix (s3://bucket/prefix/) or a manifest"
                    : glob != null && prefix == null
                        ? "source.glob filters a prefix's keys; a manifest has none"
                        : null;
    if (problem != null) {
      errors.add(error("invalid_source", "source", problem));
      return null;
    }
    return prefix != null ? JobSource.ofPrefix(prefix, glob) : JobSource.ofManifest(manifest);
  }

  private static String string(JsonObject source, String field, List<JsonObject> errors) {
    JsonValue value = source.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString text && !text.getString().isBlank()) {
      return text.getString();
    }
    errors.add(
        error(
            "invalid_source",
            "source." + field,
            "source." + field + " must be a non-empty string"));
    return null;
  }

  /**
   * A source the caller may not list is refused before any request to the store: 403 outside their
   * prefixes, 400 malformed, 422 a manifest that is not there.
   */
  private void checkSource(JobSource source, String area) {
    if (source == null) {
      return;
    }
    try {
      sources.check(source, area);
    } catch (DocumentStoreOutage e) {
      throw new Problem(
          503,
          "object_store_unavailable",
          "Object store unavailable",
          "the manifest is an upload kept in the object store, which did not answer: "
              + e.getMessage());
    } catch (DocumentReferenceException e) {
      int status =
          switch (e.code()) {
            case "document_outside_root" -> 403;
            case "invalid_source" -> 400;
            default -> 422;
          };
      String field = source.isPrefix() ? "source.prefix" : "source.manifest";
      throw new Problem(
          status,
          e.code(),
          status == 403 ? "Source outside your area" : "Invalid source",
          e.getMessage(),
          Json.createArrayBuilder().add(error(e.code(), field, e.getMessage())).build());
    }
  }

  private static JsonObject options(JsonValue value, List<JsonObject> errors) {
    if (value == null || value == JsonValue.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(error("invalid_options", "options", "options must be a JSON object"));
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    return value.asJsonObject();
  }

  private void checkOptions(JobType type, JsonObject options, List<JsonObject> errors) {
    if (type == null) {
      return;
    }
    int size = options.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_OPTIONS_BYTES) {
      errors.add(
          error(
              "options_too_large",
              "options",
              "options hold "
                  + size
                  + " bytes of JSON; at most "
                  + MAX_OPTIONS_BYTES
                  + " are accepted"));
      return;
    }
    if (type.isExternal()) {
      return; // its workers read the options; docbatch only bounds their size
    }
    Set<String> known = processors.optionNames(type);
    List<String> unknown = options.keySet().stream().filter(key -> !known.contains(key)).toList();
    if (!unknown.isEmpty()) {
      errors.add(
          error(
              "invalid_option",
              "options",
              "unknown option"
                  + (unknown.size() == 1 ? " " : "s ")
                  + unknown.stream().limit(10).map(JobRequestParser::quoted).toList()
                  + " for a "
                  + type.id()
                  + " job; its options are "
                  + String.join(", ", known)));
      return;
    }
    try {
      processors.checkOptions(type, options);
    } catch (DocumentException e) {
      errors.add(error("invalid_option", "options", e.getMessage()));
    }
  }

  private static String quoted(String key) {
    String shown = key.replaceAll("[^\\x20-\\x7e]", "?");
    return "'" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + "'";
  }

  private static int priority(JsonValue value, List<JsonObject> errors) {
    if (value == null || value == JsonValue.NULL) {
      return 0;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      long priority = number.longValue();
      if (priority >= JobSubmission.MIN_PRIORITY && priority <= JobSubmission.MAX_PRIORITY) {
        return (int) priority;
      }
    }
    errors.add(
        error(
            "invalid_priority",
            "priority",
            "priority must be an integer from -10 to 10 (got " + value + ")"));
    return 0;
  }

  /**
   * Checks every reference; true when there were problems and every one is an {@code s3://}
   * reference outside the caller's prefixes.
   */
  private boolean resolveAll(List<String> documents, String area, List<JsonObject> errors) {
    int failures = 0;
    boolean bucketAccessOnly = true;
    for (int i = 0; i < documents.size(); i++) {
      try {
        library.check(documents.get(i), area);
      } catch (DocumentStoreOutage e) {
        throw new Problem(
            503,
            "object_store_unavailable",
            "Object store unavailable",
            "documents["
                + i
                + "] is an upload kept in the object store, which did not answer: "
                + e.getMessage());
      } catch (DocumentReferenceException e) {
        bucketAccessOnly &=
            S3Location.isS3(documents.get(i)) && "document_outside_root".equals(e.code());
        if (++failures <= MAX_REPORTED_DOCUMENT_ERRORS) {
          errors.add(error(e.code(), "documents[" + i + "]", e.getMessage()));
        }
      }
    }
    if (failures > MAX_REPORTED_DOCUMENT_ERRORS) {
      errors.add(
          error(
              "more_errors",
              "documents",
              (failures - MAX_REPORTED_DOCUMENT_ERRORS) + " more documents cannot be read"));
    }
    return failures > 0 && bucketAccessOnly;
  }

  private static JsonObject error(String code, String field, String message) {
    return Json.createObjectBuilder()
        .add("code", code)
        .add("field", field)
        .add("message", message)
        .build();
  }

  /** One error keeps its own code; several are reported together under a general one. */
  private static void throwIfAny(int status, String title, List<JsonObject> errors) {
    if (errors.isEmpty()) {
      return;
    }
    JsonArrayBuilder list = Json.createArrayBuilder();
    errors.forEach(list::add);
    JsonObject first = errors.get(0);
    String code =
        errors.size() == 1
            ? first.getString("code")
            : (status == 422 ? "invalid_documents" : "invalid_request");
    String detail =
        errors.size() == 1
            ? first.getString("message")
            : errors.size() + " problems: " + first.getString("message") + "; see errors";
    throw new Problem(status, code, title, detail, list.build());
  }
}
