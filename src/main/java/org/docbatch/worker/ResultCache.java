package org.docbatch.worker;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.docbatch.artifact.ArtifactInfo;
import org.docbatch.artifact.Artifacts;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.digest.Sha256;
import org.docbatch.json.CanonicalJson;
import org.docbatch.json.Json;
import org.docbatch.store.CachedResults;
import org.docbatch.store.JobRecord;
import org.docbatch.worker.spi.DocumentException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Not doing work twice: a document whose bytes, job type, worker, options as the worker reads them
 * and engine versions ({@link org.docbatch.worker.spi.DocumentProcessor#resultFingerprint}) match a
 * result kept within {@code CACHE_TTL} gets that result without running the worker, marked {@code
 * cached: true} with {@code cached_from} (the job and index that ran it). The bytes are hashed as
 * they are stored, before any preprocessing. By default a user reuses only their own results
 * ({@code CACHE_SCOPE=user}): a result can tell whether someone else had a document, so sharing is
 * for a trusted single-tenant fleet ({@code CACHE_SCOPE=global}). A job's option {@code "cache":
 * false} runs every document afresh (and keeps nothing).
 */
@ApplicationScoped
public class ResultCache {

  /** The job option that turns the cache off for a job. */
  public static final String OPTION = "cache";

  /**
   * docbatch's result format: raised when a worker's result changes shape or meaning, so that
   * results kept by an older version are not served as this one's.
   */
  static final String FORMAT_VERSION = "1";

  private static final List<String> NOT_KEPT = List.of("failed_pages", "cached");

  @Inject CachedResults entries;
  @Inject Artifacts artifacts;
  @Inject ProcessorCatalog processors;
  @Inject MeterRegistry registry;

  /** {@code CACHE_SCOPE}: {@code user} (reuse one's own results) or {@code global}. */
  @Inject
  @ConfigProperty(name = "cache.scope", defaultValue = "user")
  String scope;

  /**
   * The key this document's result is kept under, or null when the job turned the cache off or the
   * worker's results are not reused.
   *
   * @throws DocumentException when the options are bad (as running the worker would say)
   * @throws IOException when the document cannot be read
   */
  public String keyFor(JobRecord job, String workerType, Path file, JsonObject options)
      throws DocumentException, IOException {
    if (options.get(OPTION) == JsonValue.FALSE) {
      return null;
    }
    JsonObject workerOptions = Json.createObjectBuilder(options).remove(OPTION).build();
    String fingerprint = processors.forType(workerType).resultFingerprint(workerOptions);
    if (fingerprint == null) {
      return null;
    }
    if (!job.type().equals(workerType)) {
      // A stage of a pipeline reads what the stages before it made of the document: every
      // option of the job decides its result.
      fingerprint += " " + CanonicalJson.of(workerOptions);
    }
    String owner = "global".equals(scope) ? "*" : job.owner();
    return Sha256.hex(
        String.join(
            "\n", FORMAT_VERSION, owner, job.type(), workerType, fingerprint, Sha256.ofFile(file)));
  }

  /**
   * The result kept under {@code key}, marked as reused, if there is one. The files it names (its
   * outputs, a text too long for Redis) are copied from the run that made them to {@code target},
   * and the result names the copies: they belong to this job and expire with it. When they are gone
   * (that job expired) the result is not reused.
   */
  public Optional<JsonObject> find(String key, DocumentArtifacts target) {
    Optional<JsonObject> reused =
        entries
            .find(key)
            .flatMap(text -> reuse(Json.createReader(new StringReader(text)).readObject(), target));
    count(reused.isPresent() ? "hit" : "miss");
    return reused;
  }

  private Optional<JsonObject> reuse(JsonObject kept, DocumentArtifacts target) {
    JsonObject from = kept.getJsonObject("from");
    DocumentArtifacts source = artifacts.of(from.getString("job_id"), from.getInt("index"));
    String result = kept.getJsonObject("result").toString();
    String sourcePaths = folderOf(source.apiPath(PROBE));
    if (result.contains(sourcePaths)) {
      try {
        for (ArtifactInfo artifact : source.list()) {
          try (InputStream bytes = source.open(artifact.name())) {
            target.write(artifact.name(), bytes::transferTo);
          }
        }
      } catch (IOException gone) {
        return Optional.empty();
      }
      result = result.replace(sourcePaths, folderOf(target.apiPath(PROBE)));
    }
    return Optional.of(
        Json.createObjectBuilder(Json.createReader(new StringReader(result)).readObject())
            .add("cached", true)
            .add("cached_from", from)
            .build());
  }

  /** A name that only serves to find the folder part of an artifact's API path. */
  private static final String PROBE = "x";

  private static String folderOf(String apiPath) {
    return apiPath.substring(0, apiPath.length() - PROBE.length());
  }

  /**
   * Keeps a result for reuse, as bounded as Redis keeps results ({@code MAX_RESULT_KB}). Not kept:
   * a partial one (pages that failed), which would hide a reading that may succeed next time.
   */
  public void keep(String key, String jobId, int index, JsonObject result) {
    if (key == null || NOT_KEPT.stream().anyMatch(result::containsKey)) {
      return;
    }
    JsonObject entry =
        Json.createObjectBuilder()
            .add("result", result)
            .add("from", Json.createObjectBuilder().add("job_id", jobId).add("index", index))
            .build();
    long evicted = entries.put(key, entry.toString());
    if (evicted > 0) {
      registry.counter("docbatch.cache.evictions").increment(evicted);
    }
  }

  private void count(String outcome) {
    registry.counter("docbatch.cache.lookups", "outcome", outcome).increment();
  }
}
