package org.docbatch.dispatch.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code MAX_QUEUE_SIZE}: the most documents waiting in one worker type's queue. Submission refuses
 * a job that would pass it, no job may have more documents, and {@code docbatch_queue_limit}
 * exports it for alerting rules; this is the one place that reads it.
 */
@ApplicationScoped
public class QueueLimit {

  @Inject
  @ConfigProperty(name = "max.queue.size", defaultValue = "10000")
  int maxQueueSize;

  public int documents() {
    return maxQueueSize;
  }
}
