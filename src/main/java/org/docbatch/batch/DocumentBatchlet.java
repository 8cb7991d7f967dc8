package org.docbatch.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.worker.DocumentRunner;

/**
 * The work of one partition: one document, run by the worker of the step's type. A document with
 * several pages to read may answer {@code PAGED}: see {@link PagedDocumentsAnalyzer}.
 */
@Named
@Dependent
public class DocumentBatchlet extends AbstractBatchlet {

  @Inject @BatchProperty String jobId;
  @Inject @BatchProperty String workerType;
  @Inject @BatchProperty String index;
  @Inject @BatchProperty String document;
  @Inject DocumentRunner runner;

  private volatile Thread running;

  @Override
  public String process() {
    running = Thread.currentThread();
    try {
      return runDocument();
    } finally {
      running = null;
      Thread
          .interrupted(); // a stop that came late must not reach the next partition on this thread
    }
  }

  /** The job was stopped (cancelled): a document that waits or sleeps stops at once. */
  @Override
  public void stop() {
    Thread thread = running;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private String runDocument() {
    int documentIndex = Integer.parseInt(index);
    if (documentIndex == DocumentPartitionMapper.NOTHING) {
      return "NOTHING";
    }
    return run(documentIndex).name();
  }

  /** Runs the partition's work on document {@code documentIndex}. */
  protected DocumentRunner.Outcome run(int documentIndex) {
    return runner.run(jobId, workerType, documentIndex, document);
  }
}
