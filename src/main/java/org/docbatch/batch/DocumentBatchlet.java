package org.docbatch.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.worker.DocumentRunner;

/** The work of one partition: one document, run by the worker of the step's type. */
@Named
@Dependent
public class DocumentBatchlet extends AbstractBatchlet {

  @Inject @BatchProperty String jobId;
  @Inject @BatchProperty String workerType;
  @Inject @BatchProperty String index;
  @Inject DocumentRunner runner;

  @Override
  public String process() {
    int documentIndex = Integer.parseInt(index);
    if (documentIndex == DocumentPartitionMapper.NOTHING) {
      return "NOTHING";
    }
    return runner.run(jobId, workerType, documentIndex).name();
  }
}
