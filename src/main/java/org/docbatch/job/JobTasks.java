package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.json.Json;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobType;
import org.docbatch.store.PagedDocuments;
import org.docbatch.store.TaskRuns;

/**
 * A job's tasks as the API shows them: each document, and each page of a scanned document read as a
 * partition of its own. Nothing here is written for it but the start of each run ({@link
 * TaskRuns}); a task's status is read from what the dispatcher keeps anyway: its outcome (a
 * document's result, a page's reading; a dead letter's carries its code), its lease (running now),
 * its job's status (cancelled, or stopped before it ran).
 */
@ApplicationScoped
public class JobTasks {

  /** The statuses of a task, as the API spells them. */
  public static final Set<String> STATUSES =
      Set.of("queued", "running", "completed", "failed", "cancelled", "dead");

  /** Codes of the outcome of a task that used up its attempts (dispatch/queue/DeadLetter). */
  private static final Set<String> DEAD_CODES = Set.of("dead_lettered", "worker_killed");

  /** Tasks described per round trips when a filter reads them all. */
  private static final int CHUNK = 500;

  @Inject JobStore store;
  @Inject JobResults results;
  @Inject PagedDocuments paged;
  @Inject TaskRuns runs;
  @Inject PartitionQueue queue;

  /** A page of a job's tasks, and how many there are (with the status asked for, if any). */
  public record Page(long total, List<JsonObject> tasks) {}

  /** Tasks {@code offset .. offset+limit-1} of the job, in document then page order. */
  public Page list(JobRecord job, String status, int offset, int limit) {
    Map<Integer, String> plans = paged.plans(job.id());
    List<TaskId> ids = ids(job, plans);
    Set<String> leased = leased(job);
    if (status == null) {
      int from = Math.min(offset, ids.size());
      int to = Math.min(ids.size(), from + limit);
      return new Page(ids.size(), describe(job, ids.subList(from, to), leased, plans.keySet()));
    }
    List<JsonObject> page = new ArrayList<>();
    long matching = 0;
    for (int from = 0; from < ids.size(); from += CHUNK) {
      for (JsonObject task :
          describe(
              job, ids.subList(from, Math.min(ids.size(), from + CHUNK)), leased, plans.keySet())) {
        if (status.equals(task.getString("status"))) {
          if (matching >= offset && page.size() < limit) {
            page.add(task);
          }
          matching++;
        }
      }
    }
    return new Page(matching, page);
  }

  /** One task of the job, or empty when the job has no such task (yet). */
  public Optional<JsonObject> find(JobRecord job, TaskId id) {
    if (id.index() < 0 || id.index() >= documents(job)) {
      return Optional.empty();
    }
    String plan = paged.plan(job.id(), id.index());
    if (id.page() != null && (plan == null || !readPages(plan).contains(id.page()))) {
      return Optional.empty();
    }
    Set<Integer> pagedIndexes = plan == null ? Set.of() : Set.of(id.index());
    return Optional.of(describe(job, List.of(id), leased(job), pagedIndexes).get(0));
  }

  private static int documents(JobRecord job) {
    return job.listingDone() ? job.totalTasks() : job.listed();
  }

  /** Every task of the job: each document, followed by its pages read one partition each. */
  private static List<TaskId> ids(JobRecord job, Map<Integer, String> plans) {
    int documents = documents(job);
    List<TaskId> ids = new ArrayList<>(documents);
    for (int index = 0; index < documents; index++) {
      ids.add(new TaskId(job.id(), index, null));
      String plan = plans.get(index);
      if (plan != null) {
        for (int page : readPages(plan)) {
          ids.add(new TaskId(job.id(), index, page));
        }
      }
    }
    return ids;
  }

  /** The tasks of the job whose partition is leased now, by field ({@code <index>[:<page>]}). */
  private Set<String> leased(JobRecord job) {
    Set<String> leased = new HashSet<>();
    if (!JobStatus.UNFINISHED.contains(job.status()) && job.finishedAt() != null) {
      return leased;
    }
    for (String type : stages(job)) {
      for (String member : queue.leased(type)) {
        Map<String, String> properties = queue.partition(type, member).properties();
        String index = properties.get("index");
        if (job.id().equals(properties.get("jobId")) && index != null) {
          String page = properties.get("page");
          leased.add(page == null ? index : index + ":" + page);
        }
      }
    }
    return leased;
  }

  private static List<String> stages(JobRecord job) {
    return JobType.fromId(job.type()).map(JobType::stages).orElse(List.of(job.type()));
  }

  /**
   * The tasks described, in order: a few round trips for the lot ({@code pagedIndexes}: the
   * documents whose pages are read as tasks of their own).
   */
  private List<JsonObject> describe(
      JobRecord job, List<TaskId> ids, Set<String> leased, Set<Integer> pagedIndexes) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Integer> indexes = ids.stream().map(TaskId::index).distinct().toList();
    int first = indexes.get(0);
    List<String> references =
        store.documents(job.id(), first, indexes.get(indexes.size() - 1) - first + 1);
    List<Integer> documentIndexes =
        ids.stream().filter(id -> id.page() == null).map(TaskId::index).toList();
    List<String> documentOutcomes = results.outcomes(job.id(), documentIndexes);
    List<TaskRuns.Start> starts = runs.starts(job.id(), ids.stream().map(TaskId::field).toList());
    List<String> pageOutcomes = pageOutcomes(job, ids);
    List<JsonObject> described = new ArrayList<>(ids.size());
    int document = 0;
    int page = 0;
    for (int i = 0; i < ids.size(); i++) {
      TaskId id = ids.get(i);
      String outcome =
          id.page() == null ? documentOutcomes.get(document++) : pageOutcomes.get(page++);
      int offset = id.index() - first;
      String reference = offset < references.size() ? references.get(offset) : "";
      boolean pagesInFlight = id.page() == null && pagedIndexes.contains(id.index());
      described.add(describe(job, id, reference, outcome, starts.get(i), leased, pagesInFlight));
    }
    return described;
  }

  /** The readings of the page tasks among {@code ids}, in order: a round trip per document. */
  private List<String> pageOutcomes(JobRecord job, List<TaskId> ids) {
    List<String> outcomes = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    int index = -1;
    for (TaskId id : ids) {
      if (id.page() == null) {
        continue;
      }
      if (id.index() != index) {
        outcomes.addAll(paged.pages(job.id(), index, pages));
        pages.clear();
        index = id.index();
      }
      pages.add(id.page());
    }
    outcomes.addAll(paged.pages(job.id(), index, pages));
    return outcomes;
  }

  private static JsonObject describe(
      JobRecord job,
      TaskId id,
      String reference,
      String outcomeJson,
      TaskRuns.Start start,
      Set<String> leased,
      boolean pagesInFlight) {
    JsonObject outcome = outcomeJson == null ? null : parse(outcomeJson);
    String status = status(job, id, outcome, leased, pagesInFlight);
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("task_id", id.toString())
            .add("job_id", job.id())
            .add(
                "task_type",
                start != null ? start.type() : id.page() != null ? "ocr" : stages(job).get(0))
            .add("index", id.index());
    if (id.page() != null) {
      json.add("page", id.page());
    }
    json.add("document", reference == null ? "" : reference)
        .add("status", status)
        .add("attempts", start == null ? 0 : start.attempt());
    if (job.createdAt() != null) {
      json.add("queued_at", job.createdAt());
    }
    if (start != null && !status.equals("queued")) {
      json.add(
          "worker",
          Json.createObjectBuilder().add("node", start.node()).add("worker_id", start.worker()));
      if (start.startedAt() != null) {
        json.add("started_at", start.startedAt());
      }
    }
    if (outcome != null) {
      copy(outcome, json, "finished_at");
      copy(outcome, json, "duration_ms");
      copy(outcome, json, "error");
    }
    return json.build();
  }

  private static String status(
      JobRecord job, TaskId id, JsonObject outcome, Set<String> leased, boolean pagesInFlight) {
    if (outcome != null) {
      if ("completed".equals(outcome.getString("status", ""))) {
        return "completed";
      }
      JsonValue error = outcome.get("error");
      String code =
          error instanceof JsonObject object ? object.getString("code", "") : String.valueOf(error);
      return DEAD_CODES.contains(code) ? "dead" : "failed";
    }
    if (leased.contains(id.field())) {
      return "running";
    }
    if (!JobStatus.UNFINISHED.contains(job.status())) {
      return "cancelled"; // the job was cancelled, or stopped, before this task ran
    }
    return pagesInFlight ? "running" : "queued";
  }

  private static void copy(JsonObject from, JsonObjectBuilder to, String field) {
    JsonValue value = from.get(field);
    if (value != null && value != JsonValue.NULL) {
      to.add(field, value);
    }
  }

  private static List<Integer> readPages(String planJson) {
    return parse(planJson).getJsonArray("read_pages").getValuesAs(JsonNumber.class).stream()
        .map(JsonNumber::intValue)
        .toList();
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
