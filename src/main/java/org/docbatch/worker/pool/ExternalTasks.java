package org.docbatch.worker.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.meters.JobMetrics;
import org.docbatch.node.NodeIdentity;
import org.docbatch.redis.RedisKeys;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.worker.ProcessorCatalog;
import org.docbatch.worker.pool.TaskRefusedException.Refusal;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The worker side of the dispatcher for workers outside the server (external task types): a lease
 * takes partitions from the type's queue with the same script as a node's taker, under leases an
 * external worker keeps with heartbeats; a completion or a failure goes the way a node's run ends
 * (the outcome, written once, then the lease release and the done message for the coordinator,
 * through the node's {@link CompletionWriter}; or the queue's retry and dead letters). A lease that
 * is not kept runs out and the reaper returns its partition to the queue as any other.
 */
@ApplicationScoped
public class ExternalTasks {

  private static final Logger LOG = Logger.getLogger(ExternalTasks.class.getName());

  /**
   * How often this node looks again at a type's queue it found empty, for all the leases waiting on
   * it together (sooner when this node queues).
   */
  private static final long POLL_MILLIS = 250;

  @Inject PartitionsOnNode node;
  @Inject PartitionQueue queue;
  @Inject ProcessorCatalog processors;
  @Inject PoolSettings settings;
  @Inject JobStore store;
  @Inject DocumentLibrary library;
  @Inject JobMetrics metrics;
  @Inject NodeIdentity identity;
  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** {@code MAX_RESULT_KB}: the largest result a worker may report (as for a node's run). */
  @Inject
  @ConfigProperty(name = "max.result.kb", defaultValue = "64")
  long maxResultKb;

  private final Map<String, Object> queuedSignals = new ConcurrentHashMap<>();

  /**
   * Until when each type's queue counts as empty: the take that found it empty holds off the other
   * waiting leases of the type until then, so that a hundred idle workers long-polling one node
   * cost Redis one take script every {@link #POLL_MILLIS}, not a hundred.
   */
  private final Map<String, Long> emptyUntil = new ConcurrentHashMap<>();

  private LeaseSigningKey key;
  private ExternalOutcomes outcomes;
  private ExternalWorkers workers;

  /** The external task types. */
  public List<String> types() {
    return processors.externalTypes();
  }

  /**
   * Up to {@code max} tasks of {@code type} for worker {@code workerId}, waiting up to {@code
   * waitMillis} for the first: an empty list when none came.
   */
  public List<LeasedTask> lease(String type, String workerId, int max, long waitMillis)
      throws InterruptedException {
    if (!types().contains(type)) {
      throw new TaskRefusedException(
          Refusal.UNKNOWN_TYPE,
          "no external task type '" + type + "'; external types: " + String.join(", ", types()));
    }
    int room = Math.max(1, Math.min(max, settings.limits(type).maxWorkers()));
    long deadline = System.currentTimeMillis() + waitMillis;
    workers.seen(type, workerId, System.currentTimeMillis());
    while (true) {
      List<LeasedTask> tasks = seenEmpty(type) ? List.of() : takeOnce(type, workerId, room);
      long left = deadline - System.currentTimeMillis();
      if (!tasks.isEmpty() || left <= 0) {
        return tasks;
      }
      Object signal = signal(type);
      synchronized (signal) {
        signal.wait(Math.min(POLL_MILLIS, left));
      }
    }
  }

  /** Whether another lease found the type's queue empty less than {@link #POLL_MILLIS} ago. */
  private boolean seenEmpty(String type) {
    return System.currentTimeMillis() < emptyUntil.getOrDefault(type, 0L);
  }

  private List<LeasedTask> takeOnce(String type, String workerId, int room) {
    long leaseMillis = node.leaseMillis();
    PartitionQueue.Taken taken =
        queue.take(type, room, leaseMillis, node.runContext().attempts().of(type));
    taken.deadLettered().forEach(member -> node.killedOnEveryAttempt(type, member));
    if (taken.leases().isEmpty() && taken.deadLettered().isEmpty()) {
      emptyUntil.put(type, System.currentTimeMillis() + POLL_MILLIS);
    }
    List<LeasedTask> tasks = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (PartitionQueue.Lease lease : taken.leases()) {
      PartitionRef partition = queue.partition(type, lease.member());
      Map<String, String> properties = partition.properties();
      int index = Integer.parseInt(properties.getOrDefault("index", "-1"));
      JobRecord job =
          properties.containsKey("jobId") ? store.find(properties.get("jobId")).orElse(null) : null;
      if (index < 0 || job == null || job.status() == JobStatus.CANCELLED) {
        // The step's placeholder of a job with nothing left, or a job cancelled or gone: its
        // coordinator hears it is over, as from a node's worker that skipped it.
        outcomes.end(type, lease, partition, index < 0 ? "NOTHING" : "SKIPPED");
        continue;
      }
      String reference = properties.getOrDefault("document", "");
      if (reference.isEmpty()) {
        reference = store.document(job.id(), index);
      }
      ExternalLease external = new ExternalLease(type, workerId, now, lease, partition);
      // As a node's run does (PartitionRun): the task names its worker and attempt, and the job's
      // first start moves it from QUEUED to RUNNING.
      node.runContext()
          .recordStart(
              partition.execution().toString(),
              job.id(),
              Integer.toString(index),
              type,
              workerId,
              lease.attempt());
      tasks.add(
          new LeasedTask(
              job.id() + ":" + index,
              external.encode(key.get()),
              job.id(),
              index,
              reference,
              options(job),
              leaseMillis));
    }
    return tasks;
  }

  /**
   * Extends the task's lease by {@code LEASE_SECONDS}.
   *
   * @return the lease's new length in ms
   */
  public long heartbeat(String taskId, String leaseToken) {
    ExternalLease lease = current(taskId, leaseToken);
    long timeout = settings.limits(lease.type()).taskTimeoutSeconds() * 1000;
    if (System.currentTimeMillis() - lease.leasedAt() > timeout) {
      throw new TaskRefusedException(
          Refusal.TIMED_OUT,
          "task "
              + taskId
              + " ran past its task timeout ("
              + timeout / 1000
              + " s): its lease is not extended and it runs again");
    }
    JobRecord job = jobOf(lease);
    if (job == null || job.status() == JobStatus.CANCELLED) {
      outcomes.end(lease.type(), lease.lease(), lease.partition(), "SKIPPED");
      throw new TaskRefusedException(
          Refusal.CANCELLED, "the job of task " + taskId + " was cancelled");
    }
    long leaseMillis = node.leaseMillis();
    if (queue.renew(lease.type(), List.of(lease.lease()), leaseMillis) == 0) {
      throw lost(taskId);
    }
    return leaseMillis;
  }

  /** Records the task's result, once, and tells its coordinator it is done. */
  public void complete(String taskId, String leaseToken, JsonObject result) {
    ExternalLease lease = current(taskId, leaseToken);
    outcomes.checkSize(result);
    outcomes.record(
        lease, true, Json.createObjectBuilder().add("status", "completed").add("result", result));
  }

  /**
   * The worker could not do the task: a retryable failure runs it again after a backoff (or
   * dead-letters it once its attempts are used up), as a crash of a node's run does; any other
   * records the document as failed with the worker's error.
   *
   * @return true when a retryable failure was dead-lettered
   */
  public boolean fail(
      String taskId, String leaseToken, String code, String message, boolean retryable) {
    ExternalLease lease = current(taskId, leaseToken);
    if (retryable) {
      return outcomes.retry(lease, code, message);
    }
    JsonObject error = Json.createObjectBuilder().add("code", code).add("message", message).build();
    outcomes.record(
        lease, false, Json.createObjectBuilder().add("status", "failed").add("error", error));
    return false;
  }

  /** The task's document, for its worker to download while it holds the lease. */
  public TaskDocument document(String taskId, String leaseToken) throws DocumentReferenceException {
    ExternalLease lease = current(taskId, leaseToken);
    JobRecord job = jobOf(lease);
    if (job == null) {
      throw new TaskRefusedException(Refusal.CANCELLED, "the job of task " + taskId + " is gone");
    }
    String reference = lease.partition().properties().getOrDefault("document", "");
    if (reference.isEmpty()) {
      reference = store.document(job.id(), lease.index());
    }
    long maxBytes = library.maxUploadSizeMb() * 1024 * 1024;
    return new TaskDocument(reference, library.open(reference, job.documentArea(), maxBytes));
  }

  /** Each external type's workers heard from lately, the tasks they hold, their last call. */
  public List<ExternalPoolState> states() {
    // A worker that long-polls calls at least every 30 s; one that runs a task, every lease.
    long active = Math.max(60_000, 3 * node.leaseMillis());
    return workers.states(types(), System.currentTimeMillis(), active);
  }

  /** A type's queue had partitions added on this node: leases waiting for them look at once. */
  void queued(String type) {
    emptyUntil.remove(type);
    Object signal = queuedSignals.get(type);
    if (signal != null) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  void start(
      @jakarta.enterprise.event.Observes
          @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
          Object started) {
    key = new LeaseSigningKey(redis, keys);
    outcomes = new ExternalOutcomes(node, identity.id(), metrics, maxResultKb * 1024);
    workers = new ExternalWorkers(redis, keys);
    queue.whenQueuedHere(this::queued);
    if (!types().isEmpty()) {
      LOG.info(
          () ->
              "DOCBATCH-1820 External task types: "
                  + String.join(", ", types())
                  + "; their documents wait for workers outside the server"
                  + " (POST /api/workers/{type}/lease)");
    }
  }

  private Object signal(String type) {
    return queuedSignals.computeIfAbsent(type, t -> new Object());
  }

  /**
   * The lease {@code leaseToken} stands for, if it is the task's and still held: its queue token is
   * the partition's current one and it has not run out.
   */
  private ExternalLease current(String taskId, String leaseToken) {
    ExternalLease lease =
        ExternalLease.decode(leaseToken, key.get(), queue::partition)
            // Redis lost the key (flushed) and another node made a new one: read it again.
            .or(() -> ExternalLease.decode(leaseToken, key.reread(), queue::partition))
            .filter(l -> taskId.equals(l.taskId()))
            .orElseThrow(
                () ->
                    new TaskRefusedException(
                        Refusal.INVALID_TOKEN,
                        "the lease_token is not one this cluster handed out for task " + taskId));
    workers.seen(lease.type(), lease.workerId(), System.currentTimeMillis());
    if (!queue.holds(lease.type(), lease.lease())) {
      throw lost(taskId);
    }
    return lease;
  }

  private static TaskRefusedException lost(String taskId) {
    LOG.info(
        () ->
            "DOCBATCH-1821 A worker reported on task "
                + taskId
                + " under a lease that ran out or is another worker's: refused (409 lease_lost)");
    return new TaskRefusedException(
        Refusal.LEASE_LOST,
        "the lease on task "
            + taskId
            + " ran out or was given to another worker; its result is not taken from this one");
  }

  private JobRecord jobOf(ExternalLease lease) {
    String jobId = lease.partition().properties().get("jobId");
    return jobId == null ? null : store.find(jobId).orElse(null);
  }

  private static JsonObject options(JobRecord job) {
    try (var reader = Json.createReader(new java.io.StringReader(job.options()))) {
      return reader.readObject();
    }
  }
}
