package org.docbatch.store;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.docbatch.json.Json;

/**
 * Where a job's documents are listed from when it names no {@code documents}: every object under an
 * {@code s3://} prefix (those whose key, relative to the prefix, matches {@code glob}, when one is
 * given), or the lines of a manifest (an {@code s3://} object or a document in the submitter's
 * area, an upload id among them). Stored with the job as the JSON the user sent.
 *
 * @param prefix the {@code s3://bucket/prefix/} listed, null for a manifest
 * @param glob the pattern keys relative to the prefix must match, null for all
 * @param manifest the manifest's reference, null for a prefix
 */
public record JobSource(String prefix, String glob, String manifest) {

  public static JobSource ofPrefix(String prefix, String glob) {
    return new JobSource(prefix, glob, null);
  }

  public static JobSource ofManifest(String manifest) {
    return new JobSource(null, null, manifest);
  }

  public boolean isPrefix() {
    return prefix != null;
  }

  public JsonObject toJson() {
    JsonObjectBuilder json = Json.createObjectBuilder();
    if (prefix != null) {
      json.add("prefix", prefix);
    }
    if (glob != null) {
      json.add("glob", glob);
    }
    if (manifest != null) {
      json.add("manifest", manifest);
    }
    return json.build();
  }

  /** Reads what {@link #toJson()} wrote. */
  public static JobSource parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonObject source = reader.readObject();
      return new JobSource(
          source.getString("prefix", null),
          source.getString("glob", null),
          source.getString("manifest", null));
    }
  }
}
