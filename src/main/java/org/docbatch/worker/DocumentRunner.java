package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.artifact.Artifacts;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.json.IsoInstant;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.library.LocalDocument;
import org.docbatch.meters.JobMetrics;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.DocumentOutcomes;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.PagedDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.docbatch.worker.spi.PagedProcessor;

/**
 * Runs one document of one job through its worker and records the outcome once. A document that
 * cannot be processed fails only itself: every error becomes that document's outcome, never the
 * job's.
 */
@ApplicationScoped
public class DocumentRunner {

  private static final Logger LOG = Logger.getLogger(DocumentRunner.class.getName());

  /** What became of one run of a document. */
  public enum Outcome {
    COMPLETED,
    FAILED,
    /** Not run: the job was cancelled. */
    SKIPPED,
    /** Its pages are to be read one partition each ({@link PagedProcessor}); no outcome yet. */
    PAGED
  }

  @Inject JobStore store;
  @Inject JobResults results;
  @Inject DocumentOutcomes outcomes;
  @Inject RecentJobs recentJobs;
  @Inject DocumentLibrary library;
  @Inject ProcessorCatalog processors;
  @Inject JobMetrics metrics;
  @Inject NodeIdentity node;
  @Inject PagedDocuments paged;

  @Inject Artifacts artifacts;
  @Inject ServerPaths serverPaths;
  @Inject ResultCache cache;

  /** The field of a page plan that holds the result cache's key. */
  static final String CACHE_KEY = "cache_key";

  /**
   * Runs document {@code index} of the job.
   *
   * @param reference the document's reference if the caller has it, else null (read from Redis)
   */
  public Outcome run(String jobId, String workerType, int index, String knownReference) {
    Optional<JobRecord> job = recentJobs.find(jobId);
    if (job.isEmpty() || job.get().status() == JobStatus.CANCELLED) {
      return Outcome.SKIPPED;
    }
    String reference =
        knownReference == null || knownReference.isEmpty()
            ? store.document(jobId, index)
            : knownReference;
    long started = System.nanoTime();
    Stage stage = Stage.of(job.get(), workerType);
    JsonObjectBuilder outcome =
        Json.createObjectBuilder()
            .add("index", index)
            .add("document", reference)
            .add("worker_type", workerType)
            .add("node", node.id());
    boolean succeeded = false;
    LocalDocument document = null;
    try {
      JsonObject options = options(job.get());
      document = library.open(reference, job.get().documentArea(), maxDocumentBytes(options));
      Path file = document.file();
      JsonObject earlier = stage.earlierResults(results, jobId, index);
      String cacheKey = cacheKey(job.get(), workerType, file, options);
      DocumentTask task =
          new DocumentTask(
              jobId, index, reference, file, options, artifacts.of(jobId, index), earlier);
      Optional<JsonObject> cached =
          cacheKey == null ? Optional.empty() : cache.find(cacheKey, task.artifacts());
      JsonObject result;
      if (cached.isPresent()) {
        result = cached.get();
      } else {
        result = process(workerType, task);
        if (result.containsKey(PagedProcessor.PLAN)) {
          recordPlan(jobId, index, result.getJsonObject(PagedProcessor.PLAN), cacheKey);
          return Outcome.PAGED;
        }
        result =
            ResultBudget.bound(result, task.artifacts(), baseName(reference, file), workerType);
        cache.keep(cacheKey, jobId, index, result);
      }
      if (!stage.last()) {
        if (results.recordStage(jobId, workerType, index, result.toString())) {
          metrics.documentProcessed(workerType, true, (System.nanoTime() - started) / 1_000_000);
        }
        return Outcome.COMPLETED;
      }
      outcome
          .add("status", "completed")
          .add("result", stage.documentResult(earlier, withDuplicate(jobId, index, result)));
      succeeded = true;
    } catch (DocumentException e) {
      if (DocumentException.INTERRUPTED.equals(e.code())) {
        return Outcome.SKIPPED;
      }
      if (e.isRetryable()) {
        throw retried(e, workerType, reference, document);
      }
      outcome
          .add("status", "failed")
          .add("error", stage.error(e.code(), serverPaths.scrub(e.getMessage(), document)));
    } catch (DocumentReferenceException e) {
      outcome
          .add("status", "failed")
          .add("error", stage.error(e.code(), serverPaths.scrub(e.getMessage())));
    } catch (DocumentStoreOutage e) {
      throw outage(e, reference);
    } catch (OutOfMemoryError e) {
      // Decoding reserves its memory first (DecodeBudget): an OutOfMemoryError that still happens
      // is the node's, and is reported as such, not as a damaged document. It is not run again:
      // another run would most likely end the same way.
      LOG.log(
          Level.SEVERE,
          e,
          () -> "DOCBATCH-1501 " + workerType + " ran out of memory on " + reference);
      outcome
          .add("status", "failed")
          .add(
              "error",
              stage.error(
                  "out_of_memory",
                  "The node ran out of memory processing this document ("
                      + serverPaths.scrub(e.getMessage())
                      + "); resubmit it when the node is less busy, or to a node with a larger"
                      + " heap, or lower max_megapixels, dpi or max_pages."));
    } catch (RuntimeException | StackOverflowError e) {
      // Not the document's fault as far as we know: the run fails, and the dispatcher runs it again
      // after a backoff, then dead-letters it (recordDeadLetter gives the document its outcome).
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0201 " + workerType + " failed on " + reference);
      throw new DocumentRunFailure("docbatch could not process this document (" + e + ")", e);
    } finally {
      if (document != null) {
        document.close();
      }
    }
    return record(jobId, index, workerType, outcome, succeeded, started, () -> {});
  }

  /**
   * A transient error: the run fails, and the dispatcher runs it again after a backoff, up to the
   * type's max_retries (worker/pool/PartitionRun); its message names the error's code.
   */
  DocumentRunFailure retried(
      DocumentException e, String workerType, String reference, LocalDocument document) {
    String message = e.code() + ": " + serverPaths.scrub(e.getMessage(), document);
    LOG.log(
        Level.INFO,
        () ->
            "DOCBATCH-1800 "
                + workerType
                + " hit a transient error on "
                + reference
                + ", run again later: "
                + message);
    return new DocumentRunFailure(message, e);
  }

  /**
   * The largest document a run of the job reads: its {@code max_file_size_mb} where its type has
   * that option, else {@code MAX_UPLOAD_SIZE_MB}, the largest docbatch takes in. It bounds the copy
   * of an object, which is refused unread when larger.
   */
  long maxDocumentBytes(JsonObject options) {
    double mb =
        options.get("max_file_size_mb") instanceof JsonNumber limit
            ? limit.doubleValue()
            : library.maxUploadSizeMb();
    return (long) (mb * 1024 * 1024);
  }

  /**
   * The run ends without an outcome and is run again later, no attempt counted
   * (worker/pool/PartitionRun): the store is out of reach, which is no fault of the document.
   */
  static DocumentStoreOutage outage(DocumentStoreOutage e, String reference) {
    LOG.log(
        Level.INFO,
        () ->
            "DOCBATCH-1721 the store of "
                + reference
                + " is out of reach, tried later: "
                + e.getMessage());
    return e;
  }

  /**
   * Records a document's outcome once, with how long it took since {@code startedNanos}, and counts
   * it (then runs {@code whenRecorded}) only if this call is the one that recorded it.
   */
  Outcome record(
      String jobId,
      int index,
      String workerType,
      JsonObjectBuilder outcome,
      boolean succeeded,
      long startedNanos,
      Runnable whenRecorded) {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    outcome.add("duration_ms", millis).add("finished_at", IsoInstant.now());
    outcomes.record(
        jobId,
        index,
        succeeded,
        outcome.build().toString(),
        recorded -> {
          if (recorded) {
            metrics.documentProcessed(workerType, succeeded, millis);
            whenRecorded.run();
          }
        });
    return succeeded ? Outcome.COMPLETED : Outcome.FAILED;
  }

  /**
   * A processor that reads pages may leave a multi-page document's pages to a partition each: the
   * job XML of its job types (ocr, and pipeline's OCR stage) has the steps that read and assemble
   * them.
   */
  private JsonObject process(String workerType, DocumentTask task) throws DocumentException {
    var processor = processors.forType(workerType);
    if (processor instanceof PagedProcessor pages) {
      return pages.processOrPlan(task);
    }
    return processor.process(task);
  }

  /**
   * The result cache's key for this run; null when the job turned the cache off, or when the
   * document cannot be read (the worker then says why, as it would have).
   */
  private String cacheKey(JobRecord job, String workerType, Path file, JsonObject options)
      throws DocumentException {
    try {
      return cache.keyFor(job, workerType, file, options);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * One round trip: the plan, once, and the job's page counters. The plan carries the cache key,
   * for the assembly to keep the whole document's result under.
   */
  private void recordPlan(String jobId, int index, JsonObject plan, String cacheKey) {
    int pages = plan.getJsonArray("read_pages").size() + plan.getJsonArray("text_pages").size();
    JsonObjectBuilder recorded = Json.createObjectBuilder(plan).add("node", node.id());
    if (cacheKey != null) {
      recorded.add(CACHE_KEY, cacheKey);
    }
    paged.record(
        jobId, index, recorded.build().toString(), pages, plan.getJsonArray("text_pages").size());
  }

  /** A partition of a document used up its attempts: the document fails with the last error. */
  void recordDeadLetter(@Observes DeadLetter dead) {
    Map<String, String> properties = dead.partition().properties();
    String jobId = properties.get("jobId");
    String workerType = properties.get("workerType");
    String index = properties.get("index");
    if (jobId == null || index == null || properties.containsKey("page")) {
      return; // not a document partition (a page's is PageRunner's)
    }
    String reference = store.document(jobId, Integer.parseInt(index));
    JsonObject outcome =
        Json.createObjectBuilder()
            .add("index", Integer.parseInt(index))
            .add("document", reference == null ? "" : reference)
            .add("worker_type", workerType == null ? "" : workerType)
            .add("status", "failed")
            .add("error", error(dead.code(), serverPaths.scrub(dead.error())))
            .add("finished_at", IsoInstant.now())
            .build();
    outcomes.record(
        jobId,
        Integer.parseInt(index),
        false,
        outcome.toString(),
        recorded -> {
          if (recorded) {
            metrics.documentProcessed(workerType, false, 0);
          }
        });
  }

  /** Marks a document whose content an earlier document of the same job already had. */
  private JsonObject withDuplicate(String jobId, int index, JsonObject result) {
    if (!result.containsKey("sha256")) {
      return result;
    }
    int first = results.firstWithChecksum(jobId, result.getString("sha256"), index);
    if (first == index) {
      return result;
    }
    JsonObject duplicateOf =
        Json.createObjectBuilder()
            .add("index", first)
            .add("document", store.document(jobId, first))
            .build();
    return Json.createObjectBuilder(result).add("duplicate_of", duplicateOf).build();
  }

  private static JsonObject error(String code, String message) {
    return Json.createObjectBuilder().add("code", code).add("message", message).build();
  }

  static JsonObject options(JobRecord job) {
    return ParsedOptions.of(job);
  }

  /**
   * The document's name without folder nor extension, for the names of its artifacts: the file's
   * (an upload's reference is its id, its file has the name it was uploaded with).
   */
  static String baseName(String reference, Path file) {
    String name = file != null ? file.getFileName().toString() : reference.replaceFirst(".*/", "");
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Where the workers write document {@code index}'s files. */
  DocumentArtifacts artifacts(String jobId, int index) {
    return artifacts.of(jobId, index);
  }
}
