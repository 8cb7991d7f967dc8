package org.docbatch.worker.pool;

import java.util.List;
import org.docbatch.store.ExecutionKey;
import org.jberet.spi.BatchEnvironment;

/**
 * What the worker pools need of this node's JSR-352 engines: the batch environment their partition
 * runs are built in, and the executions this node coordinates, so that a stop request reaches them.
 * The engines above implement it; the pools do not import them.
 */
public interface EnginesOnNode {

  /** The environment partition runs are built in (class loader, artifacts, transactions). */
  BatchEnvironment environment();

  /** The executions this node coordinates now. */
  List<ExecutionKey> liveExecutions();

  /** Stops {@code key} if this node coordinates it; does nothing otherwise. */
  void stopIfRunningHere(ExecutionKey key);
}
