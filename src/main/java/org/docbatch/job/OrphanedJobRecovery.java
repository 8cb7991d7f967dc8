package org.docbatch.job;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.batch.engine.JobEngines;
import org.docbatch.cluster.NodeHeartbeat;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.ExecutionKey;
import org.docbatch.store.JobIndex;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds the jobs whose coordinating node died (killed, crashed, cut off) and takes them over: on
 * start-up and every {@code NODE_HEARTBEAT_INTERVAL}, every node looks at the active jobs, and a
 * job coordinated by an incarnation that no longer beats is claimed by exactly one node. That node
 * marks the dead JSR-352 execution FAILED and, when {@code RECOVER_ORPHANED_JOBS} is true (the
 * default), restarts it: the documents that already have an outcome keep it, the others run again.
 * Otherwise the job ends FAILED and waits for a retry. (An execution of a server's in-memory
 * repository, {@code ENGINE_MODE=server} of an older version, cannot be restarted elsewhere: its
 * remaining documents run as a new job instance.)
 */
@ApplicationScoped
public class OrphanedJobRecovery {

  private static final Logger LOG = Logger.getLogger(OrphanedJobRecovery.class.getName());

  @Inject JobStore store;
  @Inject JobIndex jobIndex;
  @Inject JobService jobs;
  @Inject JobEngines engines;
  @Inject NodeIdentity node;
  @Inject NodeHeartbeat heartbeat;
  @Inject Dispatcher dispatcher;

  @Resource ManagedScheduledExecutorService scheduler;

  /**
   * {@code RECOVER_ORPHANED_JOBS}: restart a dead node's jobs, or leave them FAILED for a retry.
   */
  @Inject
  @ConfigProperty(name = "recover.orphaned.jobs", defaultValue = "true")
  boolean restartOrphans;

  private ScheduledFuture<?> scan;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    heartbeat.beat(); // so that a previous run of this node is seen as dead by the first scan
    int interval = heartbeat.intervalSeconds();
    scan = scheduler.scheduleWithFixedDelay(this::scan, 0, interval, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (scan != null) {
      scan.cancel(false);
    }
  }

  /** Looks at every active job once; returns how many this node took over. */
  public int scan() {
    Set<String> active;
    try {
      active = jobIndex.activeJobIds();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "DOCBATCH-0402 Looking for orphaned jobs failed; retrying later", e);
      return 0;
    }
    int recovered = 0;
    for (String jobId : active) {
      try {
        recovered += takeOverIfOrphaned(jobId) ? 1 : 0;
      } catch (RuntimeException e) {
        // Redis away, or the restart failed (the job is then FAILED): the other jobs still count.
        LOG.log(Level.WARNING, e, () -> "DOCBATCH-0405 Taking over job " + jobId + " failed");
      }
    }
    return recovered;
  }

  private boolean takeOverIfOrphaned(String jobId) {
    Optional<JobRecord> found = store.find(jobId);
    if (found.isEmpty() || found.get().finishedAt() != null) {
      jobIndex.dropActive(jobId);
      return false;
    }
    JobRecord job = found.get();
    String coordinator = job.node() == null ? "" : job.node();
    ExecutionKey execution = job.executionKey();
    if (coordinator.equals(node.incarnation())
        || (execution != null && engines.runsHere(execution))) {
      return false; // this very run of this node coordinates it: alive by definition
    }
    // A previous run of this node is dead for sure; another node only once this node has reached
    // Redis for a whole NODE_TIMEOUT (after an outage every heartbeat has expired).
    boolean earlierRunOfThisNode = NodeIdentity.nodeOf(coordinator).equals(node.id());
    if ((!earlierRunOfThisNode && !heartbeat.trusted())
        || heartbeat.isAlive(coordinator)
        || !store.claim(jobId, coordinator, node.incarnation())) {
      return false;
    }
    if (execution != null) {
      engines.failAbandoned(execution);
      // Its partitions still queued or cached by workers must not run beside the restart's.
      dispatcher.requestStop(execution);
    }
    if (restartOrphans && job.status() != JobStatus.CANCELLED) {
      store.transition(jobId, JobStatus.QUEUED, JobStatus.UNFINISHED);
      jobs.startExecution(jobId, job.type(), job.priority(), execution);
      LOG.info(
          () ->
              "DOCBATCH-0403 Job "
                  + jobId
                  + " taken over from "
                  + NodeIdentity.nodeOf(coordinator)
                  + ", which stopped; restarted its unfinished documents");
    } else {
      String error =
          "the node running this job ("
              + NodeIdentity.nodeOf(coordinator)
              + ") stopped before it finished; retry it to run the remaining documents";
      store.finish(
          jobId,
          execution == null ? -1 : execution.executionId(),
          job.status() != JobStatus.CANCELLED,
          error);
      LOG.info(() -> "DOCBATCH-0404 Job " + jobId + " closed: " + error);
    }
    return true;
  }
}
