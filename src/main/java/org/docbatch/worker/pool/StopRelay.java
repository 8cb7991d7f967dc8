package org.docbatch.worker.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.coordinator.Dispatcher;
import org.docbatch.store.ExecutionKey;

/**
 * Carries stop requests to this node: every half second it asks which of the executions with
 * partitions running here, or coordinated here, are to stop, and stops them. Cancellation reaches
 * every node this way, whichever node was asked.
 */
final class StopRelay {

  private static final Logger LOG = Logger.getLogger(StopRelay.class.getName());

  private final WorkerExecutions executions;
  private final EnginesOnNode engines;
  private final Dispatcher dispatcher;

  StopRelay(WorkerExecutions executions, EnginesOnNode engines, Dispatcher dispatcher) {
    this.executions = executions;
    this.engines = engines;
    this.dispatcher = dispatcher;
  }

  void passOn() {
    try {
      List<ExecutionKey> here = new ArrayList<>(executions.executionKeys());
      here.addAll(engines.liveExecutions());
      if (here.isEmpty()) {
        return;
      }
      List<Boolean> stopping = dispatcher.stopRequested(here);
      for (int i = 0; i < here.size(); i++) {
        if (stopping.get(i)) {
          executions.stop(here.get(i));
          engines.stopIfRunningHere(here.get(i));
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "passing on stop requests failed", e);
    }
  }
}
