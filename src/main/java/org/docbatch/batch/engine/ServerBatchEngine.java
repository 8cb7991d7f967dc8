package org.docbatch.batch.engine;

import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WildFly batch subsystem's own job operator, as {@code ENGINE_MODE=server} uses it: jobs it
 * starts are in the subsystem's repository (in memory unless the server is configured otherwise),
 * so the admin console's batch view and the management model ({@code
 * /deployment=docbatch.war/subsystem=batch-jberet}) list them. Their partitions still go through
 * the Redis dispatcher: {@code RedisPartitionHandlerFactory} recognises them by the job parameter
 * {@value EngineMode#PARAMETER}.
 */
@ApplicationScoped
public class ServerBatchEngine {

  /** Executions started or restarted through this JVM's operator that may still run. */
  private final Set<Long> started = ConcurrentHashMap.newKeySet();

  /**
   * The operator of this deployment: WildFly's {@code BatchRuntime} answers with the one of the
   * calling thread's deployment (its context class loader).
   */
  private static JobOperator operator() {
    return BatchRuntime.getJobOperator();
  }

  public long start(String jobXmlName, Properties parameters) {
    long id = operator().start(jobXmlName, parameters);
    started.add(id);
    return id;
  }

  public long restart(long executionId, Properties parameters) {
    long id = operator().restart(executionId, parameters);
    started.add(id);
    return id;
  }

  /** Stops an execution of this JVM's operator if it still runs. */
  public void stopIfRunning(long executionId) {
    if (started.contains(executionId)) {
      try {
        operator().stop(executionId);
      } catch (JobExecutionNotRunningException | NoSuchJobExecutionException e) {
        started.remove(executionId); // it ended meanwhile
      }
    }
  }

  /** The executions of this JVM's operator still running; the ended ones are forgotten. */
  public Set<Long> liveExecutionIds() {
    if (started.isEmpty()) {
      return Set.of(); // a docbatch-mode node asks every half second
    }
    JobOperator operator = operator();
    started.removeIf(id -> isOver(operator, id));
    return Set.copyOf(started);
  }

  private static boolean isOver(JobOperator operator, long id) {
    try {
      BatchStatus status = operator.getJobExecution(id).getBatchStatus();
      return status == BatchStatus.COMPLETED
          || status == BatchStatus.FAILED
          || status == BatchStatus.STOPPED
          || status == BatchStatus.ABANDONED;
    } catch (NoSuchJobExecutionException e) {
      return true;
    }
  }
}
