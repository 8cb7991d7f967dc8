package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.docbatch.json.Json;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.docbatch.webhook.Deliveries;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * docbatch's job records and document lists in Redis: a job's life from its creation through its
 * execution to its end, a retry, and a takeover by another node. Every change that touches more
 * than one key is a Lua script or a MULTI/EXEC. What became of each document is {@link
 * JobResults}'s, which jobs there are {@link JobIndex}'s; this class only indexes a job in the
 * round trip that creates it, and adds it to the active set and drops it as it starts and finishes.
 */
@ApplicationScoped
public class JobStore {

  private static final int PUSH_CHUNK = 1_000;
  private static final RedisScript TRANSITION = RedisScript.load("transition");
  private static final RedisScript FINISH_JOB = RedisScript.load("finish_job");
  private static final RedisScript RETRY_JOB = RedisScript.load("retry_job");
  private static final RedisScript CLAIM_JOB = RedisScript.load("claim_job");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject OwnerIndex owners;
  @Inject Deliveries deliveries;

  /** Seconds a job's deliveries outlive it: their last attempts may still be running. */
  private static final long KEEP_DELIVERIES_AFTER_JOB = 86_400;

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
    return create(submission, node, UUID.randomUUID().toString());
  }

  /**
   * As {@link #create(JobSubmission, String)}, under an id chosen before (an idempotent submit).
   */
  public JobRecord create(JobSubmission submission, String node, String id) {
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
   * Closes the job after its batch execution ended; see {@code finish_job.lua}.
   *
   * @return the final status, or null when there is no such job or a newer execution owns it
   */
  public JobStatus finish(String jobId, long executionId, boolean engineFailed, String error) {
    expectCallback(jobId, executionId);
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

  /**
   * Records the job's {@code job.finished} webhook before the job closes, not after: a node killed
   * between the two then leaves a delivery whose job another node closes (orphan recovery), rather
   * than a closed job nobody announces. The sender waits for the close before sending.
   */
  private void expectCallback(String jobId, long executionId) {
    String callback = redis.hget(keys.job(jobId), JobRecord.CALLBACK);
    if (callback == null) {
      return;
    }
    JsonObject wanted = Json.createReader(new StringReader(callback)).readObject();
    boolean announced =
        wanted.getJsonArray("events").getValuesAs(JsonString.class).stream()
            .anyMatch(event -> event.getString().equals(Deliveries.JOB_FINISHED));
    if (announced) {
      deliveries.expect(
          jobId,
          executionId,
          Deliveries.JOB_FINISHED,
          wanted.getString("url"),
          deliveryKeepSeconds());
    }
  }

  /**
   * How often a node sweeps what expired jobs leave behind (the job index, their files): every
   * quarter of {@code JOB_TTL}, at most every 10 minutes.
   */
  public long sweepSeconds() {
    return Math.max(1, Math.min(jobTtlSeconds / 4, 600));
  }

  /** Seconds a job's webhook deliveries are kept: their last attempts may outlive the job. */
  public long deliveryKeepSeconds() {
    return jobTtlSeconds + KEEP_DELIVERIES_AFTER_JOB;
  }

  /** {@code JOB_TTL} in seconds. */
  public long ttlSeconds() {
    return jobTtlSeconds;
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
   * {@code node}; see {@code retry_job.lua}. The job is among the active jobs again at once: if its
   * start then fails and even closing it fails, it is still watched (and expires when closed),
   * rather than PENDING forever outside every index.
   */
  public RetryOutcome prepareRetry(String jobId, String node) {
    List<?> reply =
        (List<?>)
            RETRY_JOB.run(
                redis,
                allKeys(jobId),
                List.of(JobStatus.list(JobStatus.RETRYABLE), node, stagesFromOcr()));
    if (((Long) reply.get(0)) == 1L) {
      redis.sadd(keys.activeJobs(), jobId);
      return new RetryOutcome(true, null, ((Long) reply.get(1)).intValue());
    }
    return new RetryOutcome(false, (String) reply.get(1), 0);
  }

  /**
   * The stages a document with failed pages runs again on a retry: OCR, whose failed pages are read
   * again, and in a pipeline the stages after it, which read OCR's result.
   */
  private static String stagesFromOcr() {
    List<String> stages = JobType.PIPELINE.stages();
    return String.join(",", stages.subList(stages.indexOf(JobType.OCR.id()), stages.size()));
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
        keys.stageResults(jobId),
        keys.pagedDocuments(jobId),
        keys.pageResults(jobId),
        keys.pageProgress(jobId),
        keys.pageFailures(jobId),
        keys.finishedDocuments(jobId),
        keys.taskRuns(jobId));
  }
}
