package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.json.IsoInstant;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.library.LocalDocument;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.PagedDocuments;
import org.docbatch.worker.DocumentRunner.Outcome;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentTask;
import org.docbatch.worker.spi.PagedProcessor;

/**
 * Reads one page of a paged document and records its reading, or its error: a page that cannot be
 * read fails alone. An unexpected error fails the run, which the dispatcher runs again and then
 * dead-letters, as it does a document's.
 */
@ApplicationScoped
public class PageRunner {

  private static final Logger LOG = Logger.getLogger(PageRunner.class.getName());

  @Inject RecentJobs recentJobs;
  @Inject DocumentLibrary library;
  @Inject ServerPaths serverPaths;
  @Inject ProcessorCatalog processors;
  @Inject PagedDocuments paged;
  @Inject NodeIdentity node;
  @Inject DocumentRunner documents;
  @Inject JobResults results;

  /** Reads page {@code page} (from 1) of document {@code index}. */
  public Outcome run(String jobId, String workerType, int index, int page, String reference) {
    Optional<JobRecord> job = recentJobs.find(jobId);
    if (job.isEmpty() || job.get().status() == JobStatus.CANCELLED) {
      return Outcome.SKIPPED;
    }
    long started = System.nanoTime();
    JsonObjectBuilder reading;
    boolean read = false;
    LocalDocument document = null;
    try {
      JsonObject options = DocumentRunner.options(job.get());
      document =
          library.openShared(
              jobId, reference, job.get().documentArea(), documents.maxDocumentBytes(options));
      Path file = document.file();
      // In a pipeline, the page is one preprocessing rendered (no round trip in an ocr job).
      JsonObject earlier = Stage.of(job.get(), workerType).earlierResults(results, jobId, index);
      DocumentTask task =
          new DocumentTask(
              jobId, index, reference, file, options, documents.artifacts(jobId, index), earlier);
      JsonObject result = pagedProcessor(workerType).readPage(task, page);
      reading = Json.createObjectBuilder(result).add("status", "completed");
      read = true;
    } catch (DocumentException e) {
      if (DocumentException.INTERRUPTED.equals(e.code())) {
        return Outcome.SKIPPED;
      }
      if (e.isRetryable()) {
        throw documents.retried(e, workerType, reference + " page " + page, document);
      }
      reading = failed(page, e.code(), serverPaths.scrub(e.getMessage(), document));
    } catch (DocumentReferenceException e) {
      reading = failed(page, e.code(), serverPaths.scrub(e.getMessage()));
    } catch (DocumentStoreOutage e) {
      throw DocumentRunner.outage(e, reference);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      LOG.log(
          Level.WARNING,
          e,
          () -> "DOCBATCH-1520 " + workerType + " failed on page " + page + " of " + reference);
      throw new DocumentRunFailure(
          "docbatch could not read page " + page + " of this document (" + e + ")", e);
    } finally {
      if (document != null) {
        document.close();
      }
    }
    reading
        .add("duration_ms", (System.nanoTime() - started) / 1_000_000)
        .add("finished_at", IsoInstant.now())
        .add("node", node.id());
    paged.recordPage(jobId, index, page, read, reading.build().toString());
    return read ? Outcome.COMPLETED : Outcome.FAILED;
  }

  /** A page's partition used up its attempts: the page fails with the last error. */
  void recordDeadLetter(@Observes DeadLetter dead) {
    Map<String, String> properties = dead.partition().properties();
    String jobId = properties.get("jobId");
    String index = properties.get("index");
    String page = properties.get("page");
    if (jobId == null || index == null || page == null) {
      return; // not a page partition
    }
    JsonObject reading =
        failed(Integer.parseInt(page), "dead_lettered", serverPaths.scrub(dead.error()))
            .add("finished_at", IsoInstant.now())
            .add("node", node.id())
            .build();
    paged.recordPage(
        jobId, Integer.parseInt(index), Integer.parseInt(page), false, reading.toString());
  }

  private PagedProcessor pagedProcessor(String workerType) {
    if (processors.forType(workerType) instanceof PagedProcessor pages) {
      return pages;
    }
    throw new IllegalStateException("the " + workerType + " worker does not read pages");
  }

  private static JsonObjectBuilder failed(int page, String code, String message) {
    return Json.createObjectBuilder()
        .add("page", page)
        .add("status", "failed")
        .add("error", Json.createObjectBuilder().add("code", code).add("message", message));
  }
}
