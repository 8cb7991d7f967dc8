package org.docbatch.batch;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.worker.DocumentRunner;
import org.docbatch.worker.PageAssembler;

/** The work of one partition of the assembly step: a paged document's result from its pages. */
@Named
@Dependent
public class PageAssemblyBatchlet extends DocumentBatchlet {

  @Inject PageAssembler assembler;

  @Override
  protected DocumentRunner.Outcome run(int documentIndex) {
    return assembler.run(jobId, workerType, documentIndex, document);
  }
}
