package org.docbatch.dispatch.coordinator;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.DeadLetter;
import org.docbatch.dispatch.queue.DeadLetters;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;

/**
 * Reconciles the partitions a coordinator waits on against the dead letters of their job. Moving a
 * partition to the dead letters is one script; recording its document's outcome and telling the
 * coordinator come after it, from the worker's node. A node that dies, or a Redis that blips, in
 * between would leave the step waiting for a partition nobody will run, and its job RUNNING for
 * ever. Every {@value #EVERY_SECONDS} s each coordinator looks up its jobs' dead letters (one
 * lexical range read per waiting step, through the index by job) and ends each one it still waits
 * on as its worker would have: the outcome (kept once) and the partition's end.
 */
@ApplicationScoped
public class StrandedDeadLetters {

  private static final Logger LOG = Logger.getLogger(StrandedDeadLetters.class.getName());

  static final int EVERY_SECONDS = 5;

  @Inject CoordinatorInbox inbox;
  @Inject DeadLetters deadLetters;

  /** Records a dead letter's outcome: the job layer, through a CDI event (tests record by hand). */
  Consumer<DeadLetter> outcomes = dead -> {};

  @Inject
  void recordOutcomesWith(Event<DeadLetter> event) {
    outcomes = event::fire;
  }

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> timer;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    timer =
        scheduler.scheduleWithFixedDelay(
            this::reconcile, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /**
   * Ends the dead-lettered partitions the coordinator still waits on.
   *
   * @return how many it ended
   */
  int reconcile() {
    return reconcile(inbox.waitingSteps());
  }

  /**
   * Ends the dead-lettered partitions these steps still wait on.
   *
   * @return how many it ended
   */
  int reconcile(java.util.Collection<WaitingStep> steps) {
    int ended = 0;
    try {
      for (WaitingStep step : steps) {
        if (step.jobId() == null || step.queueType() == null) {
          continue;
        }
        for (DeadLetters.Entry dead : deadLetters.ofJob(step.queueType(), step.jobId())) {
          PartitionRef partition = dead.partition();
          if (partition.stepExecutionId() != step.stepExecutionId()
              || step.isDone(partition.partitionId())) {
            continue;
          }
          String error = dead.error() == null ? "its runs failed" : dead.error();
          String code =
              PartitionQueue.KILLED_ON_EVERY_ATTEMPT.equals(error)
                  ? DeadLetter.WORKER_KILLED
                  : DeadLetter.DEAD_LETTERED;
          outcomes.accept(new DeadLetter(partition, code, error));
          step.partitionDone(partition.partitionId(), BatchStatus.COMPLETED, "DEAD_LETTER");
          ended++;
          LOG.warning(
              () ->
                  "DOCBATCH-1503 Partition "
                      + partition.partitionId()
                      + " of job "
                      + step.jobId()
                      + " was dead-lettered but its end never reached its coordinator; ended"
                      + " now");
        }
      }
    } catch (RuntimeException e) {
      // Redis away: the next round looks again.
      LOG.log(Level.FINE, "reconciling dead letters failed", e);
    }
    return ended;
  }
}
