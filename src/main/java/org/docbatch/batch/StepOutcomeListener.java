package org.docbatch.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbatch.store.JobResults;

/**
 * Gives the documents step the exit status {@value #INCOMPLETE} when some document of the job has
 * no successful outcome (it failed, was cancelled, or never ran). The job XML turns that exit
 * status into a JSR-352 {@code <fail>}, so the execution ends FAILED and a retry is a JSR-352
 * restart of the same job instance, which re-runs only those documents. A documents step whose
 * paged documents are still to be read ({@link PagedDocumentsAnalyzer#PAGES}) keeps its exit
 * status: the step that assembles them decides.
 */
@Named
@Dependent
public class StepOutcomeListener extends AbstractStepListener {

  /** The step's and the job's exit status when not every document succeeded. */
  public static final String INCOMPLETE = "INCOMPLETE";

  @Inject @BatchProperty String jobId;
  @Inject StepContext stepContext;
  @Inject JobResults results;

  @Override
  public void afterStep() {
    if (stepContext.getBatchStatus() != BatchStatus.FAILED
        && !PagedDocumentsAnalyzer.PAGES.equals(stepContext.getExitStatus())
        && !results.allSucceeded(jobId)) {
      stepContext.setExitStatus(INCOMPLETE);
    }
  }
}
