package org.docbatch.dispatch.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code MAX_QUEUE_SIZE}: the most documents waiting in one worker type's queue. Submission refuses
 * a job that would pass it, no job may have more documents, and {@code docbatch_queue_limit}
 * exports it for alerting rules; this is the one place that reads it, and {@code
 * MAX_DOCUMENTS_PER_JOB}, which the request parser and a job's listing (from a prefix or a
 * manifest) both bound a job by.
 */
@ApplicationScoped
public class QueueLimit {

  @Inject
  @ConfigProperty(name = "max.queue.size", defaultValue = "10000")
  int maxQueueSize;

  /** {@code MAX_DOCUMENTS_PER_JOB}: documents one job may have (at most MAX_QUEUE_SIZE anyway). */
  @Inject
  @ConfigProperty(name = "max.documents.per.job", defaultValue = "10000")
  int maxDocumentsPerJob;

  public int documents() {
    return maxQueueSize;
  }

  /** The most documents one job may have: {@code MAX_DOCUMENTS_PER_JOB}, within a queue. */
  public int perJob() {
    return Math.min(maxDocumentsPerJob, maxQueueSize);
  }

  /** Which setting {@link #perJob()} comes from, as a client reads it. */
  public String perJobSetting() {
    return perJob() == maxDocumentsPerJob
        ? "MAX_DOCUMENTS_PER_JOB"
        : "MAX_QUEUE_SIZE: a job must fit in a queue";
  }
}
