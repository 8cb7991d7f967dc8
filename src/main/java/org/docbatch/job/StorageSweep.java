package org.docbatch.job;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.artifact.Artifacts;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * Removes the files of expired jobs: the artifacts of every job whose record has expired ({@code
 * JOB_TTL} after it finished), and the uploads no job has read for {@code JOB_TTL}. It asks the
 * storage which jobs it holds rather than waiting to be told which expired, so that a node that was
 * down when a job expired, or whose disk is its own, still clears it. Runs on every node, as often
 * as {@link JobIndexSweep}; the work is idempotent.
 */
@ApplicationScoped
public class StorageSweep {

  private static final Logger LOG = Logger.getLogger(StorageSweep.class.getName());

  /** Job records asked for per round trip. */
  private static final int BATCH = 500;

  @Inject JobStore store;
  @Inject Artifacts artifacts;
  @Inject DocumentLibrary library;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> sweep;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    long period = store.sweepSeconds();
    sweep = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  void sweep() {
    try {
      int jobs = removeExpiredArtifacts();
      int uploads = library.removeUnusedUploads(Duration.ofSeconds(store.ttlSeconds()));
      if (jobs + uploads > 0) {
        LOG.fine(
            () ->
                "DOCBATCH-1622 removed the artifacts of "
                    + jobs
                    + " expired jobs and "
                    + uploads
                    + " unused uploads");
      }
    } catch (Exception e) {
      // A failed sweep (Redis or a disk briefly away) must not cancel the next ones.
      LOG.log(Level.WARNING, "DOCBATCH-1623 removing expired artifacts and uploads failed", e);
    }
  }

  private int removeExpiredArtifacts() throws IOException {
    List<String> stored = artifacts.storage().jobs();
    int removed = 0;
    for (int from = 0; from < stored.size(); from += BATCH) {
      List<String> batch = stored.subList(from, Math.min(stored.size(), from + BATCH));
      Set<String> alive = new HashSet<>();
      for (JobRecord job : store.findAll(batch)) {
        alive.add(job.id());
      }
      for (String jobId : batch) {
        if (!alive.contains(jobId)) {
          artifacts.storage().deleteJob(jobId);
          removed++;
        }
      }
    }
    return removed;
  }
}
