package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbatch.json.IsoInstant;
import org.docbatch.json.Json;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * The start of each task's last run, as its worker records it: which node and worker run it, which
 * attempt it is, since when. The only write the task read model adds to a document's way through
 * the dispatcher, sent with the node's other writes (worker/pool/CompletionWriter: one HSET per job
 * and batch); the rest (outcomes, leases, dead letters) is read from what the dispatcher and the
 * results keep anyway. The first start of an execution also moves its job from QUEUED to RUNNING,
 * once per execution and node.
 */
@ApplicationScoped
public class TaskRuns {

  /** Executions this node already moved to RUNNING (or found so), most recent last. */
  private static final int REMEMBERED = 256;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject JobStore store;

  private final Map<String, Boolean> running =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });

  /** A run's start, as recorded. */
  public record Start(String type, String node, String worker, int attempt, String startedAt) {}

  /** A run's start to record: the task's field in its job's hash, and the start as JSON. */
  public record Started(String jobId, String field, String json) {}

  /**
   * Says that {@code worker} of {@code node} starts attempt {@code attempt} of a task, and moves
   * the job to RUNNING if this is the first start this node sees of {@code execution} (a round trip
   * once per execution and node). The start itself is written with others by {@link #append}.
   */
  public Started started(
      String execution,
      String jobId,
      String field,
      String type,
      String node,
      String worker,
      int attempt) {
    String now = IsoInstant.now();
    if (!running.containsKey(execution)) {
      // A job cancelled meanwhile stays so; one that another node moved already is left as it is.
      store.transition(
          jobId, JobStatus.RUNNING, Set.of(JobStatus.PENDING, JobStatus.QUEUED), "started_at", now);
      running.put(execution, Boolean.TRUE);
    }
    String json =
        Json.createObjectBuilder()
            .add("type", type)
            .add("node", node)
            .add("worker", worker)
            .add("attempt", attempt)
            .add("started_at", now)
            .build()
            .toString();
    return new Started(jobId, field, json);
  }

  /** Adds these starts to {@code pipeline}: one HSET per job. */
  public void append(AbstractPipeline pipeline, List<Started> starts) {
    Map<String, Map<String, String>> byJob = new LinkedHashMap<>();
    for (Started start : starts) {
      byJob
          .computeIfAbsent(start.jobId(), job -> new LinkedHashMap<>())
          .put(start.field(), start.json());
    }
    byJob.forEach((jobId, fields) -> pipeline.hset(keys.taskRuns(jobId), fields));
  }

  /** The last starts of these tasks of a job, null for one never started, in order. */
  public List<Start> starts(String jobId, List<String> fields) {
    if (fields.isEmpty()) {
      return List.of();
    }
    return redis.hmget(keys.taskRuns(jobId), fields.toArray(String[]::new)).stream()
        .map(TaskRuns::parse)
        .toList();
  }

  private static Start parse(String json) {
    if (json == null) {
      return null;
    }
    JsonObject start;
    try (var reader = Json.createReader(new StringReader(json))) {
      start = reader.readObject();
    }
    return new Start(
        start.getString("type", ""),
        start.getString("node", ""),
        start.getString("worker", ""),
        start.getInt("attempt", 0),
        start.getString("started_at", null));
  }
}
