package org.docbatch.batch;

import jakarta.batch.api.partition.AbstractPartitionAnalyzer;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.worker.DocumentRunner;

/**
 * Gives the documents step the exit status {@value #PAGES} when one of its documents left its pages
 * to a partition each, so that the job XML goes on to the steps that read and assemble them, and
 * skips them otherwise. It reads only what the partitions reported: it costs no Redis call.
 */
@Named
@Dependent
public class PagedDocumentsAnalyzer extends AbstractPartitionAnalyzer {

  /** The documents step's exit status when some document's pages are still to be read. */
  public static final String PAGES = "PAGES";

  @Inject StepContext stepContext;

  @Override
  public void analyzeStatus(BatchStatus batchStatus, String exitStatus) {
    if (DocumentRunner.Outcome.PAGED.name().equals(exitStatus)) {
      stepContext.setExitStatus(PAGES);
    }
  }
}
