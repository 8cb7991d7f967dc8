package org.docbatch.store;

import java.util.Objects;

/**
 * How the dispatcher names a JSR-352 job execution across nodes (stop requests, the executions a
 * worker node holds stand-ins for). docbatch's engine takes execution ids from Redis, unique in the
 * cluster: the key is the id. The server's engine ({@code ENGINE_MODE=server}) takes them from the
 * coordinating server's own repository, unique in that JVM only (every node counts from 1): the key
 * adds the coordinator's incarnation.
 *
 * @param executionId the JSR-352 execution id
 * @param serverCoordinator the incarnation whose server's batch operator runs it, or null when
 *     docbatch's own operator does
 */
public record ExecutionKey(long executionId, String serverCoordinator) {

  /** An execution of docbatch's own operator (Redis job repository). */
  public static ExecutionKey of(long executionId) {
    return new ExecutionKey(executionId, null);
  }

  /** An execution of the server's batch operator on the node incarnation {@code coordinator}. */
  public static ExecutionKey server(String coordinator, long executionId) {
    return new ExecutionKey(executionId, coordinator);
  }

  public boolean onServerEngine() {
    return serverCoordinator != null;
  }

  /** The key {@link #toString} wrote. */
  public static ExecutionKey parse(String text) {
    int slash = text.lastIndexOf('/');
    return slash < 0
        ? of(Long.parseLong(text))
        : server(text.substring(0, slash), Long.parseLong(text.substring(slash + 1)));
  }

  // Written out: a record's own equals and hashCode go through method handles, slow until the JIT's
  // last tier compiles them, and an execution key is looked up for every run.
  @Override
  public boolean equals(Object other) {
    return other instanceof ExecutionKey key
        && executionId == key.executionId
        && Objects.equals(serverCoordinator, key.serverCoordinator);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(executionId) * 31 + Objects.hashCode(serverCoordinator);
  }

  /** The member of Redis's set of stopping executions, and the job hash's {@code execution_key}. */
  @Override
  public String toString() {
    return onServerEngine() ? serverCoordinator + "/" + executionId : Long.toString(executionId);
  }
}
