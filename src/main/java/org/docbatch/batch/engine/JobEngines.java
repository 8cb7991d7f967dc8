package org.docbatch.batch.engine;

import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.JobParameters;
import org.docbatch.node.NodeIdentity;
import org.docbatch.store.ExecutionKey;
import org.docbatch.worker.pool.EnginesOnNode;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jberet.spi.BatchEnvironment;

/**
 * The two JSR-352 operators a node may start jobs with ({@link EngineMode}), and which one answers
 * for a given execution: a job is stopped and restarted by the operator that started it. A node
 * starts every job with the operator of its {@code ENGINE_MODE}; it still stops, fails and restarts
 * executions of docbatch's operator (Redis) that other nodes started.
 */
@ApplicationScoped
public class JobEngines implements EnginesOnNode {

  private static final Logger LOG = Logger.getLogger(JobEngines.class.getName());

  /** {@code ENGINE_MODE}: {@code docbatch} (default) or {@code server}. */
  @Inject
  @ConfigProperty(name = "engine.mode", defaultValue = "docbatch")
  String modeLabel;

  @Inject BatchEngine docbatch;
  @Inject ServerBatchEngine server;
  @Inject NodeIdentity node;

  private EngineMode mode;

  @PostConstruct
  void init() {
    mode = EngineMode.fromLabel(modeLabel);
  }

  /** The operator this node starts jobs with. */
  public EngineMode mode() {
    return mode;
  }

  /** The key of an execution this node's operator runs. */
  public ExecutionKey keyOf(long executionId) {
    return mode == EngineMode.SERVER
        ? ExecutionKey.server(node.incarnation(), executionId)
        : ExecutionKey.of(executionId);
  }

  /**
   * Starts the job with this node's operator: a JSR-352 restart of {@code previous} (the same job
   * instance) when that operator can restart it, otherwise a new job instance. Either way only the
   * documents without a successful outcome run.
   */
  public ExecutionKey startOrRestart(
      String jobXmlName, Properties parameters, ExecutionKey previous) {
    parameters.setProperty(JobParameters.ENGINE, mode.label());
    if (previous != null && canRestart(previous)) {
      try {
        long id =
            mode == EngineMode.SERVER
                ? server.restart(previous.executionId(), parameters)
                : docbatch.restart(previous.executionId(), parameters);
        return keyOf(id);
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
                  + " belongs to another operator (ENGINE_MODE, or the server engine of another"
                  + " node run); starting its remaining documents as a new "
                  + mode.label()
                  + " job instance");
    }
    long id =
        mode == EngineMode.SERVER
            ? server.start(jobXmlName, parameters)
            : docbatch.start(jobXmlName, parameters);
    return keyOf(id);
  }

  /**
   * Whether this node's operator holds the execution's JSR-352 state: any node's for docbatch's
   * operator (Redis), only this very run of this node's for the server's (its memory).
   */
  private boolean canRestart(ExecutionKey previous) {
    return mode == EngineMode.SERVER
        ? node.incarnation().equals(previous.serverCoordinator())
        : !previous.onServerEngine();
  }

  /** Whether the execution is coordinated in this JVM. */
  public boolean runsHere(ExecutionKey key) {
    return key.onServerEngine()
        ? node.incarnation().equals(key.serverCoordinator())
            && server.liveExecutionIds().contains(key.executionId())
        : docbatch.runsHere(key.executionId());
  }

  /** Stops the execution if this JVM coordinates it and it still runs. */
  @Override
  public BatchEnvironment environment() {
    return docbatch.environment();
  }

  @Override
  public void stopIfRunningHere(ExecutionKey key) {
    if (!key.onServerEngine()) {
      docbatch.stopIfRunningHere(key.executionId());
    } else if (node.incarnation().equals(key.serverCoordinator())) {
      server.stopIfRunning(key.executionId());
    }
  }

  /**
   * Marks an execution whose node died FAILED so that it can be restarted. Only docbatch's
   * executions can be: a server execution's state died with its server.
   */
  public void failAbandoned(ExecutionKey key) {
    if (!key.onServerEngine()) {
      docbatch.failAbandoned(key.executionId());
    }
  }

  /** The executions coordinated in this JVM, by either operator. */
  @Override
  public List<ExecutionKey> liveExecutions() {
    List<ExecutionKey> live = new ArrayList<>();
    docbatch.liveExecutionIds().forEach(id -> live.add(ExecutionKey.of(id)));
    server.liveExecutionIds().forEach(id -> live.add(ExecutionKey.server(node.incarnation(), id)));
    return live;
  }
}
