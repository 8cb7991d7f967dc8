package org.docbatch.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.TreeMap;

/**
 * JSON text in one form for one value: object keys sorted at every depth, no spaces. Two requests
 * that mean the same options ({@code {"a":1,"b":2}} and {@code {"b":2,"a":1}}) then hash alike.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  public static String of(JsonValue value) {
    StringBuilder text = new StringBuilder();
    write(value, text);
    return text.toString();
  }

  private static void write(JsonValue value, StringBuilder text) {
    switch (value.getValueType()) {
      case OBJECT -> {
        JsonObject object = value.asJsonObject();
        text.append('{');
        boolean first = true;
        for (var entry : new TreeMap<>(object).entrySet()) {
          if (!first) {
            text.append(',');
          }
          first = false;
          text.append(Json.createValue(entry.getKey()));
          text.append(':');
          write(entry.getValue(), text);
        }
        text.append('}');
      }
      case ARRAY -> {
        JsonArray array = value.asJsonArray();
        text.append('[');
        for (int i = 0; i < array.size(); i++) {
          if (i > 0) {
            text.append(',');
          }
          write(array.get(i), text);
        }
        text.append(']');
      }
      default -> text.append(value);
    }
  }
}
