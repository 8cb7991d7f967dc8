package org.docbatch.batch.engine;

import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.JobParameters;
import org.docbatch.store.ExecutionKey;
import org.docbatch.worker.pool.EnginesOnNode;
import org.jberet.spi.BatchEnvironment;

/**
 * What the job service and the worker pools ask of the JSR-352 engine ({@link BatchEngine}): start
 * a job or restart its previous execution, stop, fail and list executions. Every node starts its
 * jobs with the batch subsystem's operator over the Redis repository, so any node stops, fails and
 * restarts any node's execution.
 */
@ApplicationScoped
public class JobEngines implements EnginesOnNode {

  private static final Logger LOG = Logger.getLogger(JobEngines.class.getName());

  /** The job parameter's value that marks a job as docbatch's (its partitions go to Redis). */
  private static final String ENGINE = "docbatch";

  @Inject BatchEngine engine;

  /** The key of an execution: its Redis id. */
  public ExecutionKey keyOf(long executionId) {
    return ExecutionKey.of(executionId);
  }

  /**
   * Starts the job: a JSR-352 restart of {@code previous} (the same job instance) when it can be
   * restarted, otherwise a new job instance. Either way only the documents without a successful
   * outcome run.
   */
  public ExecutionKey startOrRestart(
      String jobXmlName, Properties parameters, ExecutionKey previous) {
    parameters.setProperty(JobParameters.ENGINE, ENGINE);
    if (previous != null && !previous.onServerEngine()) {
      try {
        return keyOf(engine.restart(previous.executionId(), parameters));
      } catch (NoSuchJobExecutionException
          | JobRestartException
          | JobExecutionAlreadyCompleteException
          | JobExecutionNotMostRecentException e) {
        // Its JSR-352 state expired or it completed: run the remaining documents as a new job.
        LOG.log(
            Level.INFO,
            e,
            () -> "DOCBATCH-0105 Execution " + previous + " cannot restart; starting anew");
      }
    } else if (previous != null) {
      LOG.info(
          () ->
              "DOCBATCH-0106 Execution "
                  + previous
                  + " was run by a server's in-memory repository (ENGINE_MODE=server of an"
                  + " earlier version); starting its remaining documents as a new job instance");
    }
    return keyOf(engine.start(jobXmlName, parameters));
  }

  /** Calls {@code listener} with the job id of each execution stopped on this node. */
  public void onStop(Consumer<String> listener) {
    engine.onStop(listener);
  }

  /** Whether the execution is coordinated in this JVM. */
  public boolean runsHere(ExecutionKey key) {
    return !key.onServerEngine() && engine.runsHere(key.executionId());
  }

  @Override
  public BatchEnvironment environment() {
    return engine.environment();
  }

  /** Stops the execution if this JVM coordinates it and it still runs. */
  @Override
  public void stopIfRunningHere(ExecutionKey key) {
    if (!key.onServerEngine()) {
      engine.stopIfRunningHere(key.executionId());
    }
  }

  /** Marks an execution whose node died FAILED so that it can be restarted. */
  public void failAbandoned(ExecutionKey key) {
    if (!key.onServerEngine()) {
      engine.failAbandoned(key.executionId());
    }
  }

  /** The executions coordinated in this JVM. */
  @Override
  public List<ExecutionKey> liveExecutions() {
    List<ExecutionKey> live = new ArrayList<>();
    engine.liveExecutionIds().forEach(id -> live.add(ExecutionKey.of(id)));
    return live;
  }
}
