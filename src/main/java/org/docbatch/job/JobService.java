package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.batch.engine.JobEngines;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.dispatch.coordinator.JobParameters;
import org.docbatch.dispatch.queue.DeadLetters;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.QueueLimit;
import org.docbatch.meters.JobMetrics;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.ExecutionKey;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobSubmission;
import org.docbatch.store.JobType;
import org.docbatch.webhook.Deliveries;

/** Submits, cancels and retries jobs: the job store and the batch engine, kept in step. */
@ApplicationScoped
public class JobService {

  private static final Logger LOG = Logger.getLogger(JobService.class.getName());

  @Inject JobStore store;
  @Inject JobEngines engines;
  @Inject Dispatcher dispatcher;
  @Inject DeadLetters deadLetters;
  @Inject PartitionQueue queue;

  @Inject QueueLimit queueLimit;

  @Inject JobMetrics metrics;
  @Inject NodeIdentity node;
  @Inject Deliveries deliveries;

  /**
   * Records the job and hands it to the batch engine.
   *
   * @param jobId the new job's id (chosen by the caller, so that an Idempotency-Key can stand for
   *     the job before it exists)
   * @throws QueueFullException when its worker type's queue already holds {@code MAX_QUEUE_SIZE}
   *     waiting documents, or would with this job's
   */
  public JobRecord submit(JobSubmission submission, String jobId) throws QueueFullException {
    // Documents wait in the queue of the job's first stage.
    String type = submission.type().stages().get(0);
    long waiting = queue.waiting(type);
    if (waiting + submission.documents().size() > queueLimit.documents()) {
      metrics.jobRejected(submission.type().id());
      throw new QueueFullException(
          "the "
              + type
              + " queue holds "
              + waiting
              + " waiting documents and takes at most "
              + queueLimit.documents()
              + " (MAX_QUEUE_SIZE); try again when it has drained");
    }
    JobRecord job = store.create(submission, node.incarnation(), jobId);
    if (submission.announces(Deliveries.DOCUMENT_FINISHED)) {
      deliveries.watchDocuments(job.id());
    }
    metrics.jobSubmitted(job.type());
    LOG.info(
        () ->
            "DOCBATCH-0101 Job "
                + job.id()
                + " submitted: "
                + job.type()
                + ", "
                + (submission.source() == null
                    ? job.totalTasks() + " documents"
                    : "documents listed from " + submission.source().toJson())
                + ", priority "
                + job.priority());
    startExecution(job.id(), job.type(), job.priority(), null);
    return store.find(job.id()).orElse(job);
  }

  /**
   * Cancels an unfinished job: documents not yet processed will not be.
   *
   * @return the job after the call, empty if there is no such job
   * @throws JobStateException when the job has already finished
   */
  public Optional<JobRecord> cancel(String jobId) throws JobStateException {
    Optional<JobRecord> job = store.find(jobId);
    if (job.isEmpty()) {
      return job;
    }
    if (!store.transition(jobId, JobStatus.CANCELLED, JobStatus.UNFINISHED)) {
      JobStatus now = store.find(jobId).map(JobRecord::status).orElse(null);
      throw new JobStateException(
          "job_finished", "job " + jobId + " is " + now + " and can no longer be cancelled");
    }
    ExecutionKey execution = job.get().executionKey();
    if (execution != null) {
      // Every node sees the request within half a second: the coordinator stops the step, workers
      // stop what they run and skip what they take. Documents also check CANCELLED before running.
      dispatcher.requestStop(execution);
      engines.stopIfRunningHere(execution);
    }
    LOG.info(() -> "DOCBATCH-0103 Job " + jobId + " cancelled");
    return store.find(jobId);
  }

  /**
   * Runs again the documents of a finished job that failed or never ran.
   *
   * @return the job after the call, empty if there is no such job
   * @throws JobStateException when the job is still running or nothing is left to run
   */
  public Optional<JobRecord> retry(String jobId) throws JobStateException {
    // Read before the retry makes this node the coordinator: the operator that ran it matters.
    ExecutionKey previous = store.find(jobId).map(JobRecord::executionKey).orElse(null);
    JobStore.RetryOutcome outcome = store.prepareRetry(jobId, node.incarnation());
    if (!outcome.accepted()) {
      switch (outcome.reason()) {
        case "not_found" -> {
          return Optional.empty();
        }
        case "not_finished" ->
            throw new JobStateException(
                "job_not_finished",
                "job " + jobId + " has not finished; cancel it or wait before retrying");
        default ->
            throw new JobStateException(
                "nothing_to_retry", "every document of job " + jobId + " already succeeded");
      }
    }
    JobRecord job = runAgain(jobId, previous, outcome);
    startExecution(jobId, job.type(), job.priority(), previous);
    return store.find(jobId);
  }

  /**
   * After {@code prepareRetry} accepted a retry: its dead letters and attempt counts go, its
   * documents are announced again.
   */
  private JobRecord runAgain(String jobId, ExecutionKey previous, JobStore.RetryOutcome outcome) {
    JobRecord job;
    try {
      job = store.find(jobId).orElseThrow();
      // Its dead-lettered documents run again now: a pipeline's are in its stages' queues.
      for (String stage : stagesOf(job)) {
        deadLetters.discardJob(stage, jobId);
      }
      // Every document gets its attempts again (PartitionQueue counts them as taken).
      queue.forgetAttempts(stagesOf(job), jobId);
    } catch (RuntimeException e) {
      // retry_job.lua made it PENDING: a retry that cannot start must not leave it so for ever.
      LOG.log(Level.SEVERE, "DOCBATCH-1502 The retry of job " + jobId + " could not start", e);
      store.finish(
          jobId,
          previous == null ? -1 : previous.executionId(),
          true,
          "the retry could not start: " + e.getMessage());
      throw e;
    }
    LOG.info(
        () ->
            "DOCBATCH-0104 Job " + jobId + " retried: " + outcome.documentsToRun() + " documents");
    if (deliveries.announcesDocuments(jobId)) {
      deliveries.watchDocuments(jobId); // the documents run again are announced again
    }
    return job;
  }

  /**
   * The job's JSR-352 execution was stopped through the batch subsystem's operator from outside
   * this API (the admin console's {@code stop-job}, on any node): the job is cancelled as {@link
   * #cancel} does. Nothing happens when it is already cancelled or finished (the API's own cancel
   * stops the execution through the same operator).
   */
  public void cancelStopped(String jobId) {
    Optional<JobRecord> job = store.find(jobId);
    if (job.isEmpty() || !store.transition(jobId, JobStatus.CANCELLED, JobStatus.UNFINISHED)) {
      return;
    }
    ExecutionKey execution = job.get().executionKey();
    if (execution != null) {
      dispatcher.requestStop(execution); // its coordinator stops it, its workers their documents
    }
    LOG.info(() -> "DOCBATCH-1843 Job " + jobId + " cancelled by a stop of its JSR-352 execution");
  }

  /**
   * The batch subsystem's operator restarted the finished job's JSR-352 execution from outside this
   * API (the admin console's {@code restart-job}, on any node): the job is retried as {@link
   * #retry} does, in that execution, so that it runs the documents without a successful outcome.
   *
   * @return whether the job was retried (false: nothing to run again, the execution runs nothing)
   */
  public boolean adoptRestart(String jobId, ExecutionKey execution) {
    ExecutionKey previous = store.find(jobId).map(JobRecord::executionKey).orElse(null);
    JobStore.RetryOutcome outcome = store.prepareRetry(jobId, node.incarnation());
    if (!outcome.accepted()) {
      LOG.info(
          () ->
              "DOCBATCH-1844 Execution "
                  + execution
                  + " restarted job "
                  + jobId
                  + ", which has nothing to run again ("
                  + outcome.reason()
                  + ")");
      return false;
    }
    runAgain(jobId, previous, outcome);
    store.executionStarted(jobId, execution, node.incarnation());
    store.transition(jobId, JobStatus.QUEUED, Set.of(JobStatus.PENDING));
    return true;
  }

  /** The worker types (queues) the job's documents go through. */
  private static java.util.List<String> stagesOf(JobRecord job) {
    return JobType.fromId(job.type()).map(JobType::stages).orElse(java.util.List.of(job.type()));
  }

  /**
   * Starts the job's JSR-352 execution with the batch subsystem's operator: a restart of {@code
   * previous} when that operator holds it (same job instance; only documents without a successful
   * outcome run), otherwise a new job.
   */
  public void startExecution(String jobId, String jobType, int priority, ExecutionKey previous) {
    Properties parameters = new Properties();
    parameters.setProperty(JobParameters.JOB_ID, jobId);
    parameters.setProperty(JobParameters.PRIORITY, Integer.toString(priority));
    // A built-in type is a job XML of its own; an external task type runs the generic one.
    String jobXml = JobType.fromId(jobType).map(JobType::jobXml).orElse(JobType.EXTERNAL_XML);
    parameters.setProperty(JobParameters.WORKER_TYPE, jobType);
    ExecutionKey started = null;
    try {
      started = engines.startOrRestart(jobXml, parameters, previous);
      store.executionStarted(jobId, started, node.incarnation());
      store.transition(jobId, JobStatus.QUEUED, Set.of(JobStatus.PENDING));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "DOCBATCH-0901 The batch engine could not start job " + jobId, e);
      // The job hash still names the previous execution when no new one started.
      long owner =
          started != null ? started.executionId() : previous == null ? -1 : previous.executionId();
      store.finish(
          jobId, owner, true, "the batch engine could not start the job: " + e.getMessage());
      throw e;
    }
  }
}
