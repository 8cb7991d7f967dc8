package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * What became of a job's documents: each document's outcome (recorded once, with the counts in the
 * job's record), the result of each stage of a pipeline job, and the first document with each
 * content. Apart from {@link JobStore}, which owns the job's life, because these change with every
 * document, written by the workers many at a time and read by the API a page at a time; they expire
 * with the job, which {@link JobStore#finish} and {@link JobStore#prepareRetry} see to.
 */
@ApplicationScoped
public class JobResults {

  private static final RedisScript RECORD_RESULT = RedisScript.load("record_result");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

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
    return List.of(
        keys.job(jobId), keys.results(jobId), keys.failed(jobId), keys.finishedDocuments(jobId));
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

  /** The outcomes of these documents, in the order given, null where there is none. */
  public List<String> outcomes(String jobId, List<Integer> indexes) {
    if (indexes.isEmpty()) {
      return List.of();
    }
    return redis.hmget(
        keys.results(jobId), indexes.stream().map(String::valueOf).toArray(String[]::new));
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
}
