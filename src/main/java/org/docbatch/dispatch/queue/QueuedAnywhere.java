package org.docbatch.dispatch.queue;

import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tells this node the worker type of every batch of partitions queued by any node of the cluster
 * (each {@link PartitionQueue#enqueue} publishes it on one channel), so that a pool idle here looks
 * at its queue at once instead of polling it: the idle takers poll once a second as a safety net (a
 * message lost while this subscription reconnects), against ten times a second before, which cost
 * Redis about 46 script calls a second per idle node. One thread, one connection, per node.
 */
public final class QueuedAnywhere {

  private static final Logger LOG = Logger.getLogger(QueuedAnywhere.class.getName());

  private final UnifiedJedis redis;
  private final String channel;
  private final Consumer<String> queued;
  private final OutageBackoff backoff = new OutageBackoff("listening for queued partitions");
  private final Listener listener = new Listener();
  private volatile boolean running = true;
  private Thread thread;

  /**
   * @param queued called with the worker type of each batch queued anywhere (this node's own too)
   */
  public QueuedAnywhere(UnifiedJedis redis, String channel, Consumer<String> queued) {
    this.redis = redis;
    this.channel = channel;
    this.queued = queued;
  }

  /** Subscribes in a thread of {@code threads}, again after every failure, until {@link #stop}. */
  public void start(ThreadFactory threads) {
    thread = threads.newThread(this::listen);
    thread.setName("docbatch-queued-anywhere");
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running = false;
    if (listener.isSubscribed()) {
      try {
        listener.unsubscribe();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "unsubscribing from " + channel, e);
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void listen() {
    while (running) {
      try {
        redis.subscribe(listener, channel); // returns when unsubscribed
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        try {
          Thread.sleep(backoff.failed(e));
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private final class Listener extends JedisPubSub {
    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      backoff.succeeded();
    }

    @Override
    public void onMessage(String channel, String type) {
      queued.accept(type);
    }
  }
}
