package org.docbatch.dispatch.coordinator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.node.NodeIdentity;
import org.docbatch.redis.RedisKeys;
import org.docbatch.store.ExecutionKey;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis priority dispatcher as JBeret's side of docbatch sees it: the partition queues, this
 * node's inbox, and stop requests that reach every node.
 */
@ApplicationScoped
public class Dispatcher {

  @Inject PartitionQueue queue;
  @Inject CoordinatorInbox inbox;
  @Inject NodeIdentity node;
  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  PartitionQueue queue() {
    return queue;
  }

  CoordinatorInbox inbox() {
    return inbox;
  }

  String incarnation() {
    return node.incarnation();
  }

  /**
   * Asks every node to stop the execution's partitions: coordinators stop the step, workers stop
   * what they run and skip what they take.
   */
  public void requestStop(ExecutionKey execution) {
    redis.sadd(keys.stoppingExecutions(), execution.toString());
  }

  /** The execution ended: nothing of it is left to stop. */
  public void forgetStop(ExecutionKey execution) {
    redis.srem(keys.stoppingExecutions(), execution.toString());
  }

  /** Which of these executions were asked to stop, in one round trip. */
  public List<Boolean> stopRequested(List<ExecutionKey> executions) {
    return redis.smismember(
        keys.stoppingExecutions(),
        executions.stream().map(ExecutionKey::toString).toArray(String[]::new));
  }
}
