package org.docbatch.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Checks a real JSON answer against an OpenAPI 3.1 schema, as far as docbatch's document uses JSON
 * Schema: {@code $ref}, {@code allOf}, {@code type} (a name or a list), {@code enum}, {@code
 * const}, {@code required}, {@code properties}, {@code additionalProperties} ({@code false} or a
 * schema) and {@code items}. Anything else (formats, bounds) is not checked. No library: the test
 * class path has none that reads OpenAPI.
 */
public final class JsonSchemaCheck {

  private final UnaryOperator<JsonObject> resolve;

  /**
   * @param resolve turns a schema that is a {@code $ref} into the schema it names
   */
  public JsonSchemaCheck(UnaryOperator<JsonObject> resolve) {
    this.resolve = resolve;
  }

  /** Every way {@code value} departs from {@code schema}, each naming where: empty if none. */
  public List<String> violations(JsonValue value, JsonObject schema) {
    List<String> found = new ArrayList<>();
    check(value, schema, "$", found);
    return found;
  }

  private void check(JsonValue value, JsonObject schema, String where, List<String> found) {
    JsonObject resolved = resolve.apply(schema);
    if (resolved.containsKey("allOf")) {
      for (JsonValue part : resolved.getJsonArray("allOf")) {
        check(value, part.asJsonObject(), where, found);
      }
    }
    if (resolved.containsKey("type") && !hasType(value, resolved.get("type"))) {
      found.add(where + " is " + typeOf(value) + ", documented " + resolved.get("type"));
      return;
    }
    if (resolved.containsKey("enum") && !resolved.getJsonArray("enum").contains(value)) {
      found.add(where + " is " + value + ", not one of " + resolved.getJsonArray("enum"));
    }
    if (resolved.containsKey("const") && !resolved.get("const").equals(value)) {
      found.add(where + " is " + value + ", documented " + resolved.get("const"));
    }
    if (value instanceof JsonObject object) {
      checkObject(object, resolved, where, found);
    } else if (value instanceof JsonArray array && resolved.containsKey("items")) {
      for (int i = 0; i < array.size(); i++) {
        check(array.get(i), resolved.getJsonObject("items"), where + "[" + i + "]", found);
      }
    }
  }

  private void checkObject(JsonObject object, JsonObject schema, String where, List<String> found) {
    JsonObject properties = schema.getJsonObject("properties");
    if (schema.containsKey("required")) {
      for (JsonValue name : schema.getJsonArray("required")) {
        String property = ((JsonString) name).getString();
        if (!object.containsKey(property)) {
          found.add(where + " lacks required property " + property);
        }
      }
    }
    JsonValue additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonValue> member : object.entrySet()) {
      String at = where + "." + member.getKey();
      if (properties != null && properties.containsKey(member.getKey())) {
        check(member.getValue(), properties.getJsonObject(member.getKey()), at, found);
      } else if (additional == JsonValue.FALSE) {
        found.add(at + " is not documented (additionalProperties: false)");
      } else if (additional instanceof JsonObject additionalSchema) {
        check(member.getValue(), additionalSchema, at, found);
      }
    }
  }

  private static boolean hasType(JsonValue value, JsonValue type) {
    if (type instanceof JsonArray names) {
      return names.stream().anyMatch(name -> hasType(value, name));
    }
    String name = ((JsonString) type).getString();
    return switch (name) {
      case "integer" -> value instanceof JsonNumber number && number.isIntegral();
      case "number" -> value instanceof JsonNumber;
      default -> name.equals(typeOf(value));
    };
  }

  /** The JSON Schema type name of a value ({@code number} for every number). */
  private static String typeOf(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> "number";
      case TRUE, FALSE -> "boolean";
      case NULL -> "null";
    };
  }
}
