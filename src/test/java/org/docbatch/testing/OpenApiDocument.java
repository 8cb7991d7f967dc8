package org.docbatch.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenAPI document read as JSON (docbatch's, from {@code GET /openapi?format=JSON}): its
 * operations, their parameters and the schema each answer is documented with.
 */
public final class OpenApiDocument {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonObject document;

  public OpenApiDocument(JsonObject document) {
    this.document = document;
  }

  public JsonObject json() {
    return document;
  }

  /** Every operation as {@code "METHOD /path"}, e.g. {@code "GET /api/jobs/{id}"}. */
  public Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonValue> path : document.getJsonObject("paths").entrySet()) {
      for (String method : path.getValue().asJsonObject().keySet()) {
        if (METHODS.contains(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return operations;
  }

  /** The operation object of {@code "METHOD /path"}. */
  public JsonObject operation(String operation) {
    String[] methodAndPath = operation.split(" ", 2);
    return document
        .getJsonObject("paths")
        .getJsonObject(methodAndPath[1])
        .getJsonObject(methodAndPath[0].toLowerCase(Locale.ROOT));
  }

  /** The operation's parameters, its path's first, each resolved. */
  public List<JsonObject> parameters(String operation) {
    JsonObject pathItem = document.getJsonObject("paths").getJsonObject(operation.split(" ", 2)[1]);
    List<JsonObject> parameters = new ArrayList<>();
    for (JsonObject owner : List.of(pathItem, operation(operation))) {
      if (owner.containsKey("parameters")) {
        owner.getJsonArray("parameters").forEach(p -> parameters.add(resolve(p.asJsonObject())));
      }
    }
    return parameters;
  }

  /**
   * The schema documented for one answer of an operation: its status and media type (without
   * parameters such as {@code charset}); empty when either is not documented.
   */
  public Optional<JsonObject> answerSchema(String operation, int status, String mediaType) {
    JsonObject responses = operation(operation).getJsonObject("responses");
    if (!responses.containsKey(String.valueOf(status))) {
      return Optional.empty();
    }
    JsonObject response = resolve(responses.getJsonObject(String.valueOf(status)));
    String type = mediaType.split(";")[0].trim();
    if (!response.containsKey("content") || !response.getJsonObject("content").containsKey(type)) {
      return Optional.empty();
    }
    return Optional.of(
        response.getJsonObject("content").getJsonObject(type).getJsonObject("schema"));
  }

  /** Follows {@code $ref}s within this document ({@code #/components/...}) to what they name. */
  public JsonObject resolve(JsonObject object) {
    JsonObject resolved = object;
    while (resolved.containsKey("$ref")) {
      String ref = resolved.getString("$ref");
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("only local references are followed: " + ref);
      }
      JsonValue target = document;
      for (String name : ref.substring(2).split("/")) {
        target = target.asJsonObject().get(name.replace("~1", "/").replace("~0", "~"));
        if (target == null) {
          throw new IllegalArgumentException("the document has no " + ref);
        }
      }
      resolved = target.asJsonObject();
    }
    return resolved;
  }

  /** A checker that follows this document's references. */
  public JsonSchemaCheck schemaCheck() {
    return new JsonSchemaCheck(this::resolve);
  }
}
