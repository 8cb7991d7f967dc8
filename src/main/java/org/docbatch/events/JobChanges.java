package org.docbatch.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbatch.store.JobIndex;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * What changed in the jobs since the last look, for every node's jobs alike: the state is in Redis,
 * so a job coordinated by another node shows as soon as its record moves. Each look is two round
 * trips whatever the number of pages: the active-jobs set and the jobs created since the last look,
 * then the records of those jobs and of the ones seen unfinished last time (a job leaves the set
 * when it finishes: its final record is read once more), pipelined. Workers are not involved: they
 * update the job's record as they always did, and nothing is added to their path.
 *
 * <p>Used by {@link LiveFeed}'s one thread only.
 */
@ApplicationScoped
public class JobChanges {

  /** Redis round trips per {@link #read()}. */
  static final int ROUND_TRIPS = 2;

  /**
   * How far back a look reads new jobs beyond the last look: a job created and finished between two
   * looks is never in the active set, and another node's clock may be somewhat behind.
   */
  private static final Duration NEW_JOB_MARGIN = Duration.ofSeconds(5);

  @Inject JobStore store;
  @Inject JobIndex jobIndex;

  /** The last record read of each job worth reading again. */
  private final Map<String, JobRecord> seen = new HashMap<>();

  private Instant lastLook;
  private int activeJobs = -1;

  /** The jobs whose record differs from the last look (all active ones on a first look). */
  public List<JobRecord> read() {
    Instant start = Instant.now();
    JobIndex.ActiveAndNew found =
        jobIndex.activeAndCreatedSince((lastLook == null ? start : lastLook).minus(NEW_JOB_MARGIN));
    lastLook = start;
    activeJobs = found.active().size();
    Set<String> ids = new LinkedHashSet<>(found.active());
    ids.addAll(found.created());
    seen.forEach(
        (id, job) -> {
          if (job.finishedAt() == null) {
            ids.add(id);
          }
        });
    List<JobRecord> changed = new ArrayList<>();
    Map<String, JobRecord> now = new HashMap<>();
    for (JobRecord job : store.findAll(ids)) {
      now.put(job.id(), job);
      if (!job.equals(seen.get(job.id()))) {
        changed.add(job);
      }
    }
    seen.clear();
    seen.putAll(now);
    return changed;
  }

  /** The jobs seen unfinished at the last look. */
  public List<JobRecord> unfinished() {
    return seen.values().stream().filter(job -> job.finishedAt() == null).toList();
  }

  /** How many jobs were active at the last look (-1 before the first). */
  public int activeJobs() {
    return activeJobs;
  }

  /** Forgets what was seen: nobody listens, and the next listener starts from the whole picture. */
  public void forget() {
    seen.clear();
    lastLook = null;
    activeJobs = -1;
  }
}
