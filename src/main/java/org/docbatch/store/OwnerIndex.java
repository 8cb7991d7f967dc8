package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Each owner's jobs: an index of their own, so that a submitter's listing reads only their jobs,
 * and the set of their unfinished jobs, which {@code MAX_JOBS_IN_FLIGHT_PER_USER} counts. Both are
 * kept beside the global ones of {@link JobIndex} and pruned the same way.
 */
@ApplicationScoped
public class OwnerIndex {

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** Adds a new job to its owner's index and unfinished jobs, in the pipeline that creates it. */
  void add(AbstractPipeline pipeline, String owner, String jobId, double score) {
    pipeline.zadd(keys.ownerJobs(owner), score, jobId);
    pipeline.sadd(keys.ownerActiveJobs(owner), jobId);
    pipeline.sadd(keys.owners(), owner);
  }

  /** Counts a retried job among its owner's unfinished jobs again. */
  public void reopened(String owner, String jobId) {
    redis.sadd(keys.ownerActiveJobs(owner), jobId);
  }

  /**
   * How many of the owner's jobs have not finished. Finished and expired ones are dropped from the
   * set as they are found, so it stays as small as the owner's running work.
   */
  public int inFlight(String owner) {
    String key = keys.ownerActiveJobs(owner);
    List<String> ids = new ArrayList<>(redis.smembers(key));
    if (ids.isEmpty()) {
      return 0;
    }
    List<Response<List<String>>> fields = new ArrayList<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      ids.forEach(id -> fields.add(pipeline.hmget(keys.job(id), "status", "finished_at")));
      pipeline.sync();
    }
    List<String> done = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<String> job = fields.get(i).get();
      if (job.get(0) == null || job.get(1) != null) {
        done.add(ids.get(i));
      }
    }
    if (!done.isEmpty()) {
      redis.srem(key, done.toArray(String[]::new));
    }
    return ids.size() - done.size();
  }

  /** The ids of the owner's jobs still in its index (expired ones go at the next sweep). */
  public List<String> jobIds(String owner) {
    return redis.zrange(keys.ownerJobs(owner), 0, -1);
  }

  /** Every owner with an index, for the sweep. */
  public List<String> owners() {
    return List.copyOf(redis.smembers(keys.owners()));
  }

  /** Forgets an owner whose index the sweep emptied. */
  void forgetIfEmpty(String owner) {
    if (redis.zcard(keys.ownerJobs(owner)) == 0 && redis.scard(keys.ownerActiveJobs(owner)) == 0) {
      redis.srem(keys.owners(), owner);
    }
  }
}
