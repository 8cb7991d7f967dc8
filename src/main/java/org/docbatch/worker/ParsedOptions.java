package org.docbatch.worker;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.docbatch.json.Json;
import org.docbatch.store.JobRecord;

/**
 * Jobs' options as JSON, parsed once per job rather than once per document: a no-op document spent
 * more on parsing its job's options than on anything of its own. A JSON object is immutable, so the
 * documents of a job (and jobs submitted with the same options) share one. At most {@value #MAX}
 * are kept; past that the cache starts again.
 */
final class ParsedOptions {

  private static final int MAX = 256;

  private static final Map<String, JsonObject> PARSED = new ConcurrentHashMap<>();

  private ParsedOptions() {}

  static JsonObject of(JobRecord job) {
    String options = job.options();
    JsonObject parsed = PARSED.get(options);
    if (parsed == null) {
      try (var reader = Json.createReader(new StringReader(options))) {
        parsed = reader.readObject();
      }
      if (PARSED.size() >= MAX) {
        PARSED.clear();
      }
      PARSED.put(options, parsed);
    }
    return parsed;
  }
}
