package org.docbatch.dispatch.coordinator;

import jakarta.enterprise.inject.spi.CDI;
import java.util.Properties;
import org.jberet.job.model.Step;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.runner.StepExecutionRunner;
import org.jberet.runtime.runner.ThreadPartitionHandler;
import org.jberet.spi.PartitionHandler;
import org.jberet.spi.PartitionHandlerFactory;

/**
 * JBeret's hook for partitioned steps, found through {@code META-INF/services} (JBeret looks it up
 * with the job thread's context class loader, the WAR's, for every partitioned step): partitions of
 * batchlet steps of docbatch's jobs go to the Redis queue of their job; everything else runs on
 * JBeret's threads as usual.
 *
 * <p>docbatch's jobs are those run in its own environment (a {@link DispatchingEnvironment}) and
 * those the batch subsystem's operator runs for it, which carry the job parameter {@value
 * JobParameters#ENGINE}; this factory is not a CDI bean, so for those it asks CDI for the
 * dispatcher.
 */
public class RedisPartitionHandlerFactory implements PartitionHandlerFactory {

  @Override
  public PartitionHandler createPartitionHandler(
      StepContextImpl stepContext, StepExecutionRunner runner) {
    if (stepContext.getStep().getBatchlet() == null || !isTopLevel(stepContext)) {
      return new ThreadPartitionHandler(runner);
    }
    if (stepContext.getJobContext().getBatchEnvironment() instanceof DispatchingEnvironment env) {
      return new RedisPartitionHandler(env.dispatcher(), stepContext);
    }
    if (startedByDocbatch(stepContext)) {
      return new RedisPartitionHandler(CDI.current().select(Dispatcher.class).get(), stepContext);
    }
    return new ThreadPartitionHandler(runner);
  }

  /** Whether docbatch started the step's job (through the batch subsystem's operator). */
  private static boolean startedByDocbatch(StepContextImpl stepContext) {
    Properties parameters = stepContext.getJobContext().getJobParameters();
    return parameters != null && parameters.getProperty(JobParameters.ENGINE) != null;
  }

  /**
   * Whether the step's job ran on a server's in-memory repository ({@code ENGINE_MODE=server} of an
   * earlier version): its execution id is then that server's, not one from Redis.
   */
  static boolean onServerEngine(StepContextImpl stepContext) {
    Properties parameters = stepContext.getJobContext().getJobParameters();
    return parameters != null
        && JobParameters.SERVER_ENGINE.equals(parameters.getProperty(JobParameters.ENGINE));
  }

  /** Workers find the step among the job's top-level elements (not inside a flow or split). */
  private static boolean isTopLevel(StepContextImpl stepContext) {
    String id = stepContext.getStep().getId();
    return stepContext.getJobContext().getJob().getJobElements().stream()
        .anyMatch(element -> element instanceof Step step && step.getId().equals(id));
  }
}
