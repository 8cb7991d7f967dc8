package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.library.LocalDocument;
import org.docbatch.meters.JobMetrics;
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
 * Records a paged document's outcome once its pages were read: its plan and its pages' readings
 * (two round trips), put together in page order by its processor, then recorded as any document's
 * outcome is (once, with the lease release).
 */
@ApplicationScoped
public class PageAssembler {

  private static final Logger LOG = Logger.getLogger(PageAssembler.class.getName());

  @Inject RecentJobs recentJobs;
  @Inject ProcessorCatalog processors;
  @Inject ServerPaths serverPaths;
  @Inject DocumentLibrary library;
  @Inject PagedDocuments paged;
  @Inject JobMetrics metrics;
  @Inject NodeIdentity node;
  @Inject DocumentRunner documents;
  @Inject JobResults results;
  @Inject ResultCache cache;

  /** Assembles document {@code index} of the job. */
  public Outcome run(String jobId, String workerType, int index, String reference) {
    Optional<JobRecord> job = recentJobs.find(jobId);
    if (job.isEmpty() || job.get().status() == JobStatus.CANCELLED) {
      return Outcome.SKIPPED;
    }
    long started = System.nanoTime();
    JsonObject plan = parse(paged.plan(jobId, index));
    List<Integer> pageNumbers =
        plan.getJsonArray("read_pages").getValuesAs(JsonNumber.class).stream()
            .map(JsonNumber::intValue)
            .toList();
    List<String> stored = paged.pages(jobId, index, pageNumbers);
    List<JsonObject> pages = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      pages.add(stored.get(i) == null ? notRead(pageNumbers.get(i)) : parse(stored.get(i)));
    }
    JsonObjectBuilder outcome =
        Json.createObjectBuilder()
            .add("index", index)
            .add("document", reference)
            .add("worker_type", workerType)
            .add("node", node.id());
    boolean succeeded = false;
    Stage stage = Stage.of(job.get(), workerType);
    LocalDocument document = null;
    try {
      JsonObject options = DocumentRunner.options(job.get());
      // Its outputs (a searchable PDF) are made from the document itself.
      document =
          library.openShared(
              jobId, reference, job.get().documentArea(), documents.maxDocumentBytes(options));
      DocumentTask task =
          new DocumentTask(
              jobId, index, reference, document.file(), options, documents.artifacts(jobId, index));
      JsonObject result =
          withTextLayerNode(
              ((PagedProcessor) processors.forType(workerType)).assemble(task, plan, pages), plan);
      result =
          ResultBudget.bound(
              result,
              task.artifacts(),
              DocumentRunner.baseName(reference, task.file()),
              workerType);
      cache.keep(plan.getString(DocumentRunner.CACHE_KEY, null), jobId, index, result);
      if (!stage.last()) {
        // A pipeline's OCR stage: the next stage reads this result; no outcome yet.
        if (results.recordStage(jobId, workerType, index, result.toString())) {
          metrics.documentProcessed(workerType, true, (System.nanoTime() - started) / 1_000_000);
          paged.assembled(jobId);
        }
        return Outcome.COMPLETED;
      }
      outcome
          .add("status", "completed")
          .add("result", stage.documentResult(stage.earlierResults(results, jobId, index), result));
      succeeded = true;
    } catch (DocumentException e) {
      outcome
          .add("status", "failed")
          .add("error", stage.error(e.code(), serverPaths.scrub(e.getMessage(), document)));
    } catch (DocumentReferenceException e) {
      outcome
          .add("status", "failed")
          .add("error", stage.error(e.code(), serverPaths.scrub(e.getMessage())));
    } catch (DocumentStoreOutage e) {
      throw DocumentRunner.outage(e, reference);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-1521 could not assemble the pages of " + reference);
      throw new DocumentRunFailure(
          "docbatch could not put this document's pages together (" + e + ")", e);
    } finally {
      if (document != null) {
        document.close();
      }
    }
    return documents.record(
        jobId, index, workerType, outcome, succeeded, started, () -> paged.assembled(jobId));
  }

  /** Pages taken from a text layer were read by the node that planned the document. */
  private static JsonObject withTextLayerNode(JsonObject result, JsonObject plan) {
    String planner = plan.getString("node", "");
    var pages = Json.createArrayBuilder();
    for (JsonObject page : result.getJsonArray("pages").getValuesAs(JsonObject.class)) {
      pages.add(
          page.containsKey("node")
              ? page
              : Json.createObjectBuilder(page).add("node", planner).add("duration_ms", 0).build());
    }
    return Json.createObjectBuilder(result).add("pages", pages).build();
  }

  /** A page with no reading: its partition was skipped (cancel) or never reported. */
  private static JsonObject notRead(int page) {
    return Json.createObjectBuilder()
        .add("page", page)
        .add("status", "failed")
        .add(
            "error",
            Json.createObjectBuilder()
                .add("code", "page_not_read")
                .add("message", "the page was not read (its run was stopped or lost)"))
        .build();
  }

  private static JsonObject parse(String json) {
    if (json == null) {
      throw new IllegalStateException("no page plan recorded");
    }
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
