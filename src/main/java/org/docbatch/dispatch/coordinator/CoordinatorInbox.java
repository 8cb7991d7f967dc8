package org.docbatch.dispatch.coordinator;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.OutageBackoff;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.docbatch.node.NodeIdentity;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * This node's inbox: one Redis list per node incarnation that workers anywhere write to when they
 * finish a partition this node coordinates. One thread reads it and hands each message to the step
 * waiting for it; a message may come twice (after a lost connection), never not at all.
 *
 * <p>Messages are tab-separated text: {@code D <step execution> <partition> <batch status> <exit
 * status>} for a partition done, {@code C <step execution> <base64 of the serialized data>} for
 * partition collector data.
 */
@ApplicationScoped
public class CoordinatorInbox {

  private static final Logger LOG = Logger.getLogger(CoordinatorInbox.class.getName());

  /** Seconds an inbox lives after its last write or read: see the queue's release script. */
  static final long TTL_SECONDS = PartitionQueue.INBOX_TTL_SECONDS;

  private static final int DRAIN = 256;
  private static final long MAX_IDLE_MILLIS = 20;

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject NodeIdentity node;

  @Resource ManagedThreadFactory threads;

  private final Map<Long, RedisPartitionHandler> waiting = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private Thread reader;

  @PostConstruct
  void start() {
    reader = threads.newThread(this::read);
    reader.setName("docbatch-inbox");
    reader.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    reader.interrupt();
  }

  void register(long stepExecutionId, RedisPartitionHandler handler) {
    waiting.put(stepExecutionId, handler);
    synchronized (waiting) {
      waiting.notifyAll();
    }
  }

  void unregister(long stepExecutionId) {
    waiting.remove(stepExecutionId);
  }

  /** The partitioned steps this node coordinates and waits on. */
  java.util.Collection<WaitingStep> waitingSteps() {
    return List.copyOf(waiting.values());
  }

  /** A "partition done" message, and the inbox it goes to. */
  public record Done(String inbox, String message) {}

  /** The "partition done" message for {@code coordinator}. */
  public Done done(
      String coordinator, PartitionRef partition, BatchStatus status, String exitStatus) {
    String message =
        "D\t"
            + partition.stepExecutionId()
            + "\t"
            + partition.partitionId()
            + "\t"
            + status.name()
            + "\t"
            + (exitStatus == null ? "" : exitStatus.replace('\t', ' '));
    return new Done(keys.inbox(coordinator), message);
  }

  /** Adds a "partition done" message to a pipeline. */
  public void send(AbstractPipeline pipeline, Done done) {
    send(pipeline, done.inbox(), List.of(done.message()));
  }

  /**
   * Adds messages for one inbox to a pipeline. On one Redis the lease release sends the done
   * messages of finished runs instead (see {@link PartitionQueue#complete}); on a Redis Cluster the
   * inbox is in another slot.
   */
  public void send(AbstractPipeline pipeline, String inbox, List<String> messages) {
    pipeline.rpush(inbox, messages.toArray(String[]::new));
    pipeline.expire(inbox, TTL_SECONDS);
  }

  /** Sends partition collector data to {@code coordinator}. */
  public void sendData(String coordinator, long stepExecutionId, byte[] serialized) {
    String inbox = keys.inbox(coordinator);
    redis.rpush(
        inbox, "C\t" + stepExecutionId + "\t" + Base64.getEncoder().encodeToString(serialized));
    redis.expire(inbox, TTL_SECONDS);
  }

  /**
   * Reads the inbox without removing what it has not handled: a batch is read, delivered, and only
   * then trimmed off the list, so a connection lost in between delivers it again (the step counts
   * each partition once). Polls every 1-20 ms while a step waits here and the inbox is empty; while
   * no step waits, it does not read at all (a message for no step would be dropped anyway); while
   * Redis is away, it backs off.
   */
  private void read() {
    String inbox = keys.inbox(node.incarnation());
    OutageBackoff backoff = new OutageBackoff("reading this node's inbox");
    long idleMillis = 1;
    while (running) {
      try {
        if (waiting.isEmpty()) {
          synchronized (waiting) {
            waiting.wait(1_000);
          }
          continue;
        }
        List<String> batch = redis.lrange(inbox, 0, DRAIN - 1);
        backoff.succeeded();
        if (batch.isEmpty()) {
          Thread.sleep(idleMillis);
          idleMillis = Math.min(MAX_IDLE_MILLIS, idleMillis * 2);
          continue;
        }
        idleMillis = 1;
        batch.forEach(this::deliver);
        trim(inbox, batch.size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        if (!running) {
          return;
        }
        // Redis away: wait and read again; workers keep writing to the list meanwhile.
        if (!pause(e instanceof RuntimeException r ? backoff.failed(r) : 200)) {
          return;
        }
      }
    }
  }

  /**
   * Drops what was delivered, and renews the inbox's time to live: workers set it only when their
   * message makes the list, so a list that is never empty lives on through its reader.
   */
  private void trim(String inbox, int delivered) {
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      pipeline.ltrim(inbox, delivered, -1);
      pipeline.expire(inbox, TTL_SECONDS);
      pipeline.sync();
    }
  }

  private void deliver(String message) {
    try {
      route(message);
    } catch (RuntimeException e) {
      // One unreadable message must not drop the others of its batch.
      LOG.log(Level.WARNING, e, () -> "DOCBATCH-0504 Unreadable inbox message: " + message);
    }
  }

  private void route(String message) {
    String[] fields = message.split("\t", 5);
    RedisPartitionHandler handler = waiting.get(Long.parseLong(fields[1]));
    if (handler == null) {
      return; // the step ended (it was stopped) before this partition reported
    }
    if (fields[0].equals("D")) {
      handler.partitionDone(
          Integer.parseInt(fields[2]),
          BatchStatus.valueOf(fields[3]),
          fields.length > 4 && !fields[4].isEmpty() ? fields[4] : null);
    } else {
      handler.collectorData(deserialize(fields[2]));
    }
  }

  private static Serializable deserialize(String base64) {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
      return (Serializable) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("unreadable partition collector data", e);
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }
}
