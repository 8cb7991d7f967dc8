package org.docbatch.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.docbatch.cluster.NodeIdentity;
import org.docbatch.redis.RedisKeys;
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
  public void requestStop(long executionId) {
    redis.sadd(keys.stoppingExecutions(), Long.toString(executionId));
  }

  /** The execution ended: nothing of it is left to stop. */
  public void forgetStop(long executionId) {
    redis.srem(keys.stoppingExecutions(), Long.toString(executionId));
  }

  /** Which of these executions were asked to stop, in one round trip. */
  List<Boolean> stopRequested(List<String> executionIds) {
    return redis.smismember(keys.stoppingExecutions(), executionIds.toArray(String[]::new));
  }
}
