package org.docbatch.artifact;

import jakarta.json.JsonObject;
import java.time.Instant;
import org.docbatch.json.Json;

/**
 * What is known of a committed artifact: enough to list it, to answer a conditional or ranged
 * request for it, and to check a downloaded copy.
 *
 * @param name its name within its document ({@link ArtifactKey#checkName})
 * @param mediaType its media type, such as {@code image/png}
 * @param sizeBytes its length
 * @param sha256 the lowercase hex SHA-256 of its bytes
 * @param createdAt when it was committed
 */
public record ArtifactInfo(
    String name, String mediaType, long sizeBytes, String sha256, Instant createdAt) {

  /** As the API lists it, and as the filesystem store keeps it beside the bytes. */
  public JsonObject toJson() {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("media_type", mediaType)
        .add("size_bytes", sizeBytes)
        .add("sha256", sha256)
        .add("created_at", createdAt.toString())
        .build();
  }

  /** Reads what {@link #toJson} wrote. */
  public static ArtifactInfo of(JsonObject json) {
    return new ArtifactInfo(
        json.getString("name"),
        json.getString("media_type"),
        json.getJsonNumber("size_bytes").longValueExact(),
        json.getString("sha256"),
        Instant.parse(json.getString("created_at")));
  }
}
