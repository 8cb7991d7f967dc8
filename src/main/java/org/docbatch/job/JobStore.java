package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.docbatch.dispatch.ExecutionKey;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * docbatch's job records, document lists and per-document results in Redis. Every change that
 * touches more than one key is a Lua script or a MULTI/EXEC.
 */
@ApplicationScoped
public class JobStore {

  private static final int PUSH_CHUNK = 1_000;
  private static final RedisScript TRANSITION = RedisScript.load("transition");
  private static final RedisScript RECORD_RESULT = RedisScript.load("record_result");
  private static final RedisScript FINISH_JOB = RedisScript.load("finish_job");
  private static final RedisScript RETRY_JOB = RedisScript.load("retry_job");
  private static final RedisScript CLAIM_JOB = RedisScript.load("claim_job");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject OwnerIndex owners;

  /** {@code JOB_TTL}: seconds a finished job, its documents and results are kept. */
  @Inject
  @ConfigProperty(name = "job.ttl", defaultValue = "604800")
  long jobTtlSeconds;

  /**
   * Records a new job in PENDING, its documents in order, and indexes it, among all jobs and among
   * the active ones.
   *
   * @param node the node that will coordinate the job's execution
   */
  public JobRecord create(JobSubmission submission, String node) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    Map<String, String> hash = JobRecord.newHash(id, submission, now.toString(), node);
    // One round trip on one Redis. The job's keys first, the indexes after (a listing that finds
    // an id without its job drops the id as expired), which a Redis Cluster keeps only across a
    // barrier: the indexes are keys of their own, on any master.
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      pipeline.hset(keys.job(id), hash);
      List<String> documents = submission.documents();
      for (int from = 0; from < documents.size(); from += PUSH_CHUNK) {
        List<String> chunk = documents.subList(from, Math.min(documents.size(), from + PUSH_CHUNK));
        pipeline.rpush(keys.documents(id), chunk.toArray(String[]::new));
      }
      Pipelines.barrier(redis, pipeline);
      // Microseconds: jobs created in the same millisecond still list newest first (a double holds
      // them exactly until the year 2255).
      double score = now.getEpochSecond() * 1_000_000d + now.getNano() / 1_000;
      pipeline.zadd(keys.jobIndex(), score, id);
      pipeline.sadd(keys.activeJobs(), id);
      owners.add(pipeline, submission.owner(), id, score);
      pipeline.sync();
    }
    return JobRecord.fromHash(hash);
  }

  public Optional<JobRecord> find(String jobId) {
    Map<String, String> hash = redis.hgetAll(keys.job(jobId));
    return hash.isEmpty() ? Optional.empty() : Optional.of(JobRecord.fromHash(hash));
  }

  /**
   * The records of these jobs in one pipelined round trip, in the order given; a job that expired
   * or never existed is left out.
   */
  public List<JobRecord> findAll(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return List.of();
    }
    List<Response<Map<String, String>>> hashes = new ArrayList<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      for (String id : jobIds) {
        hashes.add(pipeline.hgetAll(keys.job(id)));
      }
      pipeline.sync();
    }
    List<JobRecord> jobs = new ArrayList<>();
    for (Response<Map<String, String>> hash : hashes) {
      if (!hash.get().isEmpty()) {
        jobs.add(JobRecord.fromHash(hash.get()));
      }
    }
    return jobs;
  }

  /**
   * Moves a job to {@code to} if it is in one of {@code from}, setting the given fields with it.
   *
   * @return true when the job moved
   */
  public boolean transition(
      String jobId, JobStatus to, Set<JobStatus> from, String... fieldValues) {
    List<String> args = new ArrayList<>(List.of(to.name(), JobStatus.list(from)));
    args.addAll(List.of(fieldValues));
    List<?> reply = (List<?>) TRANSITION.run(redis, List.of(keys.job(jobId)), args);
    return ((Long) reply.get(0)) == 1L;
  }

  /** Records the JSR-352 execution now running the job and the node coordinating it. */
  public void executionStarted(String jobId, ExecutionKey execution, String node) {
    redis.hset(
        keys.job(jobId),
        Map.of(
            "execution_id",
            Long.toString(execution.executionId()),
            "execution_key",
            execution.toString(),
            "node",
            node));
    redis.sadd(keys.activeJobs(), jobId);
  }

  public String document(String jobId, int index) {
    return redis.lindex(keys.documents(jobId), index);
  }

  public List<String> documents(String jobId, int offset, int count) {
    return redis.lrange(keys.documents(jobId), offset, offset + count - 1L);
  }

  /**
   * Records a document's outcome once. A second outcome for the same document (a partition that ran
   * twice) is dropped.
   *
   * @return true when this call recorded it
   */
  public boolean recordResult(String jobId, int index, boolean succeeded, String resultJson) {
    List<?> reply =
        (List<?>)
            RECORD_RESULT.run(
                redis,
                resultKeys(jobId),
                resultArgs(List.of(new Result(index, succeeded, resultJson))));
    return Long.valueOf(1).equals(reply.get(0));
  }

  /** One document's outcome, for {@link #recordResults}. */
  public record Result(int index, boolean succeeded, String json) {}

  /**
   * {@link #recordResult} for several documents of one job, in a pipeline: its reply, read once the
   * pipeline is synced, is a list with 1 for each outcome this call recorded and 0 for each
   * document that already had one, in order.
   */
  public RedisScript.Queued recordResults(
      AbstractPipeline pipeline, String jobId, List<Result> results) {
    return RECORD_RESULT.queue(redis, pipeline, resultKeys(jobId), resultArgs(results));
  }

  private List<String> resultKeys(String jobId) {
    return List.of(keys.job(jobId), keys.results(jobId), keys.failed(jobId));
  }

  private static List<String> resultArgs(List<Result> results) {
    List<String> args = new ArrayList<>(results.size() * 3);
    for (Result result : results) {
      args.add(Integer.toString(result.index()));
      args.add(result.succeeded() ? "completed" : "failed");
      args.add(result.json());
    }
    return args;
  }

  /** Indexes of the documents that already have an outcome (they are not run again). */
  public Set<Integer> indexesWithOutcome(String jobId) {
    Set<Integer> done = new HashSet<>();
    for (String index : redis.hkeys(keys.results(jobId))) {
      done.add(Integer.valueOf(index));
    }
    return done;
  }

  /**
   * Records the result of one stage of a pipeline job for one document, once: a stage that ran
   * twice keeps its first result, which the next stage already read.
   *
   * @return true when this call recorded it
   */
  public boolean recordStage(String jobId, String stage, int index, String resultJson) {
    return redis.hsetnx(keys.stageResults(jobId), stage + ":" + index, resultJson) == 1L;
  }

  /** The results of these stages for one document, in order, null where a stage has none. */
  public List<String> stageResults(String jobId, int index, List<String> stages) {
    if (stages.isEmpty()) {
      return List.of();
    }
    return redis.hmget(
        keys.stageResults(jobId),
        stages.stream().map(stage -> stage + ":" + index).toArray(String[]::new));
  }

  /** Indexes of the documents whose result of this stage is recorded (kept by a retry). */
  public Set<Integer> indexesWithStage(String jobId, String stage) {
    String prefix = stage + ":";
    Set<Integer> done = new HashSet<>();
    for (String field : redis.hkeys(keys.stageResults(jobId))) {
      if (field.startsWith(prefix)) {
        done.add(Integer.valueOf(field.substring(prefix.length())));
      }
    }
    return done;
  }

  /** True when every document of the job has a successful outcome. */
  public boolean allSucceeded(String jobId) {
    List<String> counts = redis.hmget(keys.job(jobId), "total_tasks", "completed_tasks");
    return counts.get(0) != null && counts.get(0).equals(counts.get(1));
  }

  /** The outcomes of documents {@code offset .. offset+limit-1}, null where there is none yet. */
  public List<String> results(String jobId, int offset, int limit) {
    String[] fields = new String[limit];
    for (int i = 0; i < limit; i++) {
      fields[i] = Integer.toString(offset + i);
    }
    return redis.hmget(keys.results(jobId), fields);
  }

  /**
   * Remembers the first document of the job with this content.
   *
   * @return the index of the first document with the same SHA-256 (this one's index if it is first)
   */
  public int firstWithChecksum(String jobId, String sha256, int index) {
    String key = keys.checksums(jobId);
    if (redis.hsetnx(key, sha256, Integer.toString(index)) == 1L) {
      return index;
    }
    return Integer.parseInt(redis.hget(key, sha256));
  }

  /**
   * Closes the job after its batch execution ended; see {@code finish_job.lua}.
   *
   * @return the final status, or null when there is no such job or a newer execution owns it
   */
  public JobStatus finish(String jobId, long executionId, boolean engineFailed, String error) {
    String status =
        (String)
            FINISH_JOB.run(
                redis,
                allKeys(jobId),
                List.of(
                    Instant.now().toString(),
                    Long.toString(jobTtlSeconds),
                    engineFailed ? "1" : "0",
                    error == null ? "" : error,
                    Long.toString(executionId)));
    if (status.isEmpty()) {
      return null;
    }
    redis.srem(keys.activeJobs(), jobId);
    return JobStatus.valueOf(status);
  }

  /** {@code JOB_TTL} in seconds. */
  public long ttlSeconds() {
    return jobTtlSeconds;
  }

  /**
   * Drops from the job index, and from each owner's, the jobs whose keys have expired.
   *
   * @return how many entries were dropped
   */
  public int pruneIndex() {
    int dropped = pruneIndex(keys.jobIndex());
    for (String owner : owners.owners()) {
      dropped += pruneIndex(keys.ownerJobs(owner));
      owners.forgetIfEmpty(owner);
    }
    return dropped;
  }

  /**
   * Drops from one index the jobs whose keys have expired. Only jobs created more than {@code
   * JOB_TTL} ago can have expired, so only those are looked at, a page at a time.
   */
  private int pruneIndex(String index) {
    double cutoff = (System.currentTimeMillis() / 1000.0 - jobTtlSeconds) * 1_000_000d;
    int dropped = 0;
    int offset = 0;
    final int page = 500;
    while (true) {
      List<String> ids = redis.zrangeByScore(index, 0, cutoff, offset, page);
      if (ids.isEmpty()) {
        return dropped;
      }
      List<Response<Boolean>> alive = new ArrayList<>();
      try (AbstractPipeline pipeline = Pipelines.open(redis)) {
        ids.forEach(id -> alive.add(pipeline.exists(keys.job(id))));
        pipeline.sync();
      }
      List<String> gone = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (!alive.get(i).get()) {
          gone.add(ids.get(i));
        }
      }
      if (!gone.isEmpty()) {
        redis.zrem(index, gone.toArray(String[]::new));
        dropped += gone.size();
      }
      offset += ids.size() - gone.size(); // the living stay in the index, ahead of the next page
      if (ids.size() < page) {
        return dropped;
      }
    }
  }

  /** Ids of the jobs whose execution has not finished (or whose end was not yet noticed). */
  public Set<String> activeJobIds() {
    return redis.smembers(keys.activeJobs());
  }

  /** The ids of the active jobs, and of the jobs created since some time (finished or not). */
  public record ActiveAndNew(Set<String> active, List<String> created) {}

  /**
   * Ids of the active jobs and of the jobs created since {@code since} (which may have finished
   * already), in one pipelined round trip.
   */
  public ActiveAndNew activeAndCreatedSince(Instant since) {
    Response<Set<String>> active;
    Response<List<String>> created;
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      active = pipeline.smembers(keys.activeJobs());
      created =
          pipeline.zrangeByScore(
              keys.jobIndex(),
              since.getEpochSecond() * 1_000_000d + since.getNano() / 1_000,
              Double.POSITIVE_INFINITY);
      pipeline.sync();
    }
    return new ActiveAndNew(active.get(), created.get());
  }

  /** Forgets an active job if it has finished or expired (not if a retry reopened it meanwhile). */
  public void dropActive(String jobId) {
    // The active set is a key of its own, outside the job's hash tag, so no one script may read the
    // job and write the set on a Redis Cluster. Drop, then look again: a retry that reopened the
    // job in between (it adds the job back when its execution starts) is put back here.
    if (!finishedOrGone(jobId)) {
      return;
    }
    redis.srem(keys.activeJobs(), jobId);
    if (!finishedOrGone(jobId)) {
      redis.sadd(keys.activeJobs(), jobId);
    }
  }

  private boolean finishedOrGone(String jobId) {
    List<String> fields = redis.hmget(keys.job(jobId), "status", "finished_at");
    return fields.get(0) == null || fields.get(1) != null;
  }

  /**
   * Makes {@code node} the job's coordinator if {@code deadNode} still is and the job has not
   * finished; see {@code claim_job.lua}. Only one of the nodes that noticed the death wins.
   *
   * @return true when this node took the job over
   */
  public boolean claim(String jobId, String deadNode, String node) {
    Object reply = CLAIM_JOB.run(redis, List.of(keys.job(jobId)), List.of(deadNode, node));
    return ((Long) reply) == 1L;
  }

  /** What a retry request found. */
  public record RetryOutcome(boolean accepted, String reason, int documentsToRun) {}

  /**
   * Forgets the failed outcomes of a finished job and puts it back in PENDING, coordinated by
   * {@code node}; see {@code retry_job.lua}.
   */
  public RetryOutcome prepareRetry(String jobId, String node) {
    List<?> reply =
        (List<?>)
            RETRY_JOB.run(
                redis, allKeys(jobId), List.of(JobStatus.list(JobStatus.RETRYABLE), node));
    if (((Long) reply.get(0)) == 1L) {
      return new RetryOutcome(true, null, ((Long) reply.get(1)).intValue());
    }
    return new RetryOutcome(false, (String) reply.get(1), 0);
  }

  /**
   * Jobs newest first, optionally only one owner's, in one status, of one type.
   *
   * @param owner null for every owner's
   * @param status null for every status
   * @param type a job type's id, null for every type
   */
  public List<JobRecord> list(String owner, JobStatus status, String type, int offset, int limit) {
    String index = owner == null ? keys.jobIndex() : keys.ownerJobs(owner);
    List<JobRecord> page = new ArrayList<>();
    int skipped = 0;
    long cursor = 0;
    final int batch = 200;
    while (page.size() < limit) {
      List<String> ids = redis.zrevrange(index, cursor, cursor + batch - 1);
      if (ids.isEmpty()) {
        break;
      }
      cursor += ids.size();
      List<Response<Map<String, String>>> hashes = new ArrayList<>();
      try (AbstractPipeline pipeline = Pipelines.open(redis)) {
        for (String id : ids) {
          hashes.add(pipeline.hgetAll(keys.job(id)));
        }
        pipeline.sync();
      }
      for (int i = 0; i < ids.size() && page.size() < limit; i++) {
        Map<String, String> hash = hashes.get(i).get();
        if (hash.isEmpty()) {
          // Expired (its TTL ran out): drop it from the index; later ranks move down by one.
          redis.zrem(index, ids.get(i));
          cursor--;
          continue;
        }
        JobRecord job = JobRecord.fromHash(hash);
        if (status != null && job.status() != status || type != null && !type.equals(job.type())) {
          continue;
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        page.add(job);
      }
    }
    return page;
  }

  /**
   * The job hash first, then results and failed (the order retry_job.lua expects), then the rest.
   */
  private List<String> allKeys(String jobId) {
    return List.of(
        keys.job(jobId),
        keys.results(jobId),
        keys.failed(jobId),
        keys.documents(jobId),
        keys.checksums(jobId),
        keys.stageResults(jobId));
  }
}
