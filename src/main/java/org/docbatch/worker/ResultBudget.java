package org.docbatch.worker;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.ResultLimits;

/**
 * Keeps a result within {@code MAX_RESULT_KB} ({@link ResultLimits#maxResultBytes}) before it goes
 * to Redis. A longer {@code text} goes whole into an artifact, {@code <name>.<stage>.txt}, and the
 * result keeps the beginning that fits, with {@code text_truncated}, {@code text_artifact} (its
 * name) and {@code text_artifact_url}; pages' {@code text_begin}/{@code text_end} then point into
 * the artifact. A result still too large (word boxes, entities) goes whole into {@code
 * <name>.<stage>.result.json}, and Redis keeps its short fields with {@code result_truncated} and
 * {@code result_artifact}.
 */
final class ResultBudget {

  /** Room kept for the fields the bound adds and the outcome around the result. */
  private static final int MARGIN = 1024;

  /** A string field longer than this is not kept in a result reduced to its short fields. */
  private static final int SHORT_STRING = 512;

  private ResultBudget() {}

  /**
   * The result as Redis may keep it.
   *
   * @param baseName the document's name without its extension, for the artifacts' names
   * @param stage the worker type that produced it
   */
  static JsonObject bound(
      JsonObject result, DocumentArtifacts artifacts, String baseName, String stage)
      throws DocumentException {
    return bound(result, artifacts, baseName, stage, ResultLimits.maxResultBytes());
  }

  static JsonObject bound(
      JsonObject result, DocumentArtifacts artifacts, String baseName, String stage, int maxBytes)
      throws DocumentException {
    int size = utf8Length(result.toString());
    if (size <= maxBytes) {
      return result;
    }
    JsonObject bounded = result;
    if (result.get("text") instanceof JsonString text) {
      String name = DocumentArtifacts.safeName(baseName, "." + stage + ".txt");
      write(artifacts, name, text.getString().getBytes(StandardCharsets.UTF_8));
      int room = maxBytes - MARGIN - (size - utf8Length(text.toString()));
      JsonObjectBuilder cut =
          Json.createObjectBuilder(result)
              .add("text", prefix(text.getString(), Math.max(0, room)))
              .add("text_truncated", true)
              .add("text_artifact", name)
              .add("text_artifact_url", artifacts.apiPath(name));
      if (!result.containsKey("text_chars")) {
        cut.add("text_chars", text.getString().length());
      }
      bounded = cut.build();
      if (utf8Length(bounded.toString()) <= maxBytes) {
        return bounded;
      }
    }
    String name = DocumentArtifacts.safeName(baseName, "." + stage + ".result.json");
    write(artifacts, name, result.toString().getBytes(StandardCharsets.UTF_8));
    JsonObjectBuilder summary = Json.createObjectBuilder();
    for (Map.Entry<String, JsonValue> field : bounded.entrySet()) {
      JsonValue value = field.getValue();
      boolean small =
          switch (value.getValueType()) {
            case NUMBER, TRUE, FALSE, NULL -> true;
            case STRING -> ((JsonString) value).getString().length() <= SHORT_STRING;
            default -> false;
          };
      if (small) {
        summary.add(field.getKey(), value);
      }
    }
    return summary
        .add("result_truncated", true)
        .add("result_artifact", name)
        .add("result_artifact_url", artifacts.apiPath(name))
        .build();
  }

  private static void write(DocumentArtifacts artifacts, String name, byte[] bytes)
      throws DocumentException {
    try {
      artifacts.write(name, out -> out.write(bytes));
    } catch (IOException e) {
      throw new DocumentException(
              "output_failed",
              "The result was too large for Redis and could not be written as "
                  + name
                  + ": "
                  + e.getMessage(),
              e)
          .retryable();
    }
  }

  /** The longest beginning of {@code text} whose JSON string takes at most {@code bytes}. */
  static String prefix(String text, int bytes) {
    int used = 2;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int cost =
          codePoint < 0x20 || codePoint == '"' || codePoint == '\\'
              ? 6
              : codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (used + cost > bytes) {
        break;
      }
      used += cost;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private static int utf8Length(String json) {
    int length = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
