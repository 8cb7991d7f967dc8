package org.docbatch.worker.pool;

/**
 * One worker pool of this node as an operator sees it: its type, its bounds, how many workers it
 * has now and how many of them run a document.
 *
 * @param type the worker type (ocr, nlp, validation, preprocessing, noop)
 * @param minWorkers fewest workers the autoscaler leaves it
 * @param maxWorkers most workers the autoscaler gives it
 * @param workers workers it has now
 * @param busy workers running a document now
 */
public record PoolState(String type, int minWorkers, int maxWorkers, int workers, int busy) {

  public int idle() {
    return Math.max(0, workers - busy);
  }

  /** Busy workers over workers, 0 to 1. */
  public double utilisation() {
    return workers == 0 ? 0 : (double) busy / workers;
  }
}
