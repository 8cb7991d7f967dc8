package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.worker.DocumentRunner;
import org.docbatch.worker.PageRunner;

/** The work of one partition of the pages step: one page of a paged document. */
@Named
@Dependent
public class PageBatchlet extends DocumentBatchlet {

  @Inject @BatchProperty String page;
  @Inject PageRunner pages;

  @Override
  protected DocumentRunner.Outcome run(int documentIndex) {
    return pages.run(jobId, workerType, documentIndex, Integer.parseInt(page), document);
  }
}
