package org.docbatch.job;

/**
 * The worker type's queue cannot take the job's documents now ({@code MAX_QUEUE_SIZE} documents are
 * waiting): the client should try again later.
 */
public class QueueFullException extends Exception {

  public QueueFullException(String message) {
    super(message);
  }
}
