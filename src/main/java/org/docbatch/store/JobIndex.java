package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Which jobs there are: the index of all jobs by creation time (and each owner's, through {@link
 * OwnerIndex}) and the set of active jobs. {@link JobStore} adds a job to them when it creates,
 * starts and finishes the job; this class reads them, for listings, the live feed and orphan
 * recovery, and drops the entries of jobs that finished or expired. Apart from the job records
 * because the indexes are keys of their own, outside any job's hash tag, and outlive the jobs they
 * name: a job's keys expire after {@code JOB_TTL}, its index entries only when found gone.
 */
@ApplicationScoped
public class JobIndex {

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject OwnerIndex owners;

  /** Whose {@code JOB_TTL} tells which entries may have expired. */
  @Inject JobStore store;

  /**
   * Drops from the job index, and from each owner's, the jobs whose keys have expired.
   *
   * @return how many entries were dropped
   */
  public int pruneIndex() {
    return pruneIndex(gone -> {});
  }

  /**
   * Drops from the job index, and from each owner's, the jobs whose keys have expired, and tells
   * {@code expiredJobs} which jobs they were (what else goes with a job is known above this store).
   *
   * @return how many entries were dropped
   */
  public int pruneIndex(java.util.function.Consumer<List<String>> expiredJobs) {
    int dropped = pruneIndex(keys.jobIndex(), expiredJobs);
    for (String owner : owners.owners()) {
      dropped += pruneIndex(keys.ownerJobs(owner), gone -> {});
      owners.forgetIfEmpty(owner);
    }
    return dropped;
  }

  /**
   * Drops from one index the jobs whose keys have expired. Only jobs created more than {@code
   * JOB_TTL} ago can have expired, so only those are looked at, a page at a time.
   */
  private int pruneIndex(String index, java.util.function.Consumer<List<String>> expired) {
    double cutoff = (System.currentTimeMillis() / 1000.0 - store.ttlSeconds()) * 1_000_000d;
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
        expired.accept(gone);
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
   * Job records one listing reads at most: a filter nothing matches, or a large offset under a
   * filter, must not read every job record (issue 22). Without a filter the offset is a rank in the
   * index and costs nothing.
   */
  int maxScanned = 5_000;

  /**
   * Jobs newest first, optionally only one owner's, in one status, of one type. A filtered listing
   * reads at most {@link #maxScanned} job records, newest first, and answers the matches among
   * them.
   *
   * @param owner null for every owner's
   * @param status null for every status
   * @param type a job type's id, null for every type
   */
  public List<JobRecord> list(String owner, JobStatus status, String type, int offset, int limit) {
    String index = owner == null ? keys.jobIndex() : keys.ownerJobs(owner);
    boolean filtered = status != null || type != null;
    List<JobRecord> page = new ArrayList<>();
    int skipped = 0;
    long cursor = filtered ? 0 : offset;
    int scanned = 0;
    final int batch = 200;
    while (page.size() < limit && scanned < maxScanned) {
      int size =
          filtered ? Math.min(batch, maxScanned - scanned) : Math.min(batch, limit - page.size());
      List<String> ids = redis.zrevrange(index, cursor, cursor + size - 1);
      if (ids.isEmpty()) {
        break;
      }
      cursor += ids.size();
      scanned += ids.size();
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
        if (filtered && skipped < offset) {
          skipped++;
          continue;
        }
        page.add(job);
      }
    }
    return page;
  }
}
