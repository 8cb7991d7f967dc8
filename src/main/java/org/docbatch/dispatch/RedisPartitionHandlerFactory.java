package org.docbatch.dispatch;

import org.jberet.job.model.Step;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.runner.StepExecutionRunner;
import org.jberet.runtime.runner.ThreadPartitionHandler;
import org.jberet.spi.PartitionHandler;
import org.jberet.spi.PartitionHandlerFactory;

/**
 * JBeret's hook for partitioned steps, found through {@code META-INF/services}: partitions of
 * batchlet steps run by docbatch's operator go to the Redis queue of their job; everything else
 * runs on JBeret's threads as usual.
 */
public class RedisPartitionHandlerFactory implements PartitionHandlerFactory {

  @Override
  public PartitionHandler createPartitionHandler(
      StepContextImpl stepContext, StepExecutionRunner runner) {
    if (stepContext.getJobContext().getBatchEnvironment() instanceof DispatchingEnvironment env
        && stepContext.getStep().getBatchlet() != null
        && isTopLevel(stepContext)) {
      return new RedisPartitionHandler(env.dispatcher(), stepContext);
    }
    return new ThreadPartitionHandler(runner);
  }

  /** Workers find the step among the job's top-level elements (not inside a flow or split). */
  private static boolean isTopLevel(StepContextImpl stepContext) {
    String id = stepContext.getStep().getId();
    return stepContext.getJobContext().getJob().getJobElements().stream()
        .anyMatch(element -> element instanceof Step step && step.getId().equals(id));
  }
}
