package org.docbatch.job;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.DeadLetters;
import org.docbatch.store.JobIndex;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobType;

/**
 * Drops expired jobs from the job index. A finished job's keys expire on their own after {@code
 * JOB_TTL}; its entry in the index does not, and a listing only drops the entries it pages through,
 * newest first, so without this sweep the index would grow by one entry per job forever. Runs on
 * every node, every quarter of {@code JOB_TTL} (at most every 10 minutes); the work is idempotent.
 */
@ApplicationScoped
public class JobIndexSweep {

  private static final Logger LOG = Logger.getLogger(JobIndexSweep.class.getName());

  @Inject JobStore store;
  @Inject JobIndex jobIndex;

  /** The dead letters of a job go with it. */
  @Inject DeadLetters deadLetters;

  @Inject org.docbatch.worker.ProcessorCatalog processors;

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

  private void sweep() {
    try {
      jobIndex.pruneIndex(this::forgetDeadLetters);
    } catch (RuntimeException e) {
      // A failed sweep (Redis briefly away) must not cancel the next ones.
      LOG.log(Level.WARNING, "DOCBATCH-0302 Dropping expired jobs from the index failed", e);
    }
  }

  /** Expired jobs' dead letters expire with them, from every queue a document may have died in. */
  private void forgetDeadLetters(List<String> expiredJobs) {
    List<String> queues =
        java.util.stream.Stream.concat(
                Arrays.stream(JobType.values()).flatMap(type -> type.stages().stream()),
                processors.externalTypes().stream())
            .distinct()
            .toList();
    for (String jobId : expiredJobs) {
      for (String queue : queues) {
        deadLetters.discardJob(queue, jobId);
      }
    }
  }
}
