package org.docbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.QueueLimit;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.docbatch.worker.ProcessorCatalog;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatcher's queues across the cluster, read from Redis at most every {@value
 * #MAX_AGE_MILLIS} ms in one round trip (a script per worker type, pipelined), whoever asks: a
 * Prometheus scrape, {@code GET /api/metrics}, the alerts. Every node exports the same cluster-wide
 * figures, so sum them over {@code worker_type} and {@code tier} but take the max (not the sum)
 * over nodes.
 *
 * <p>Gauges: {@code docbatch_queue_waiting}, {@code docbatch_queue_delayed}, {@code
 * docbatch_queue_leased} (each {@code {worker_type,tier}}), {@code
 * docbatch_queue_size{worker_type}} (waiting and delayed: what {@code MAX_QUEUE_SIZE} limits),
 * {@code docbatch_queue_backlog{worker_type}} (queued and running: what an autoscaler such as KEDA
 * sizes a pool by), {@code docbatch_queue_limit}, {@code docbatch_dead_letters{worker_type}} and
 * {@code docbatch_jobs_active}.
 */
@ApplicationScoped
public class QueueDepths {

  private static final Logger LOG = Logger.getLogger(QueueDepths.class.getName());
  private static final RedisScript DEPTH = RedisScript.load("queue_depth");
  static final long MAX_AGE_MILLIS = 5_000;

  /** The queues as last read, and when. */
  public record Snapshot(Instant readAt, Map<String, QueueDepth> byType, long activeJobs) {

    public QueueDepth of(String type) {
      return byType.getOrDefault(type, QueueDepth.EMPTY);
    }

    public long queued() {
      return byType.values().stream().mapToLong(QueueDepth::queued).sum();
    }

    public long deadLetters() {
      return byType.values().stream().mapToLong(QueueDepth::deadLetters).sum();
    }
  }

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;
  @Inject ProcessorCatalog processors;
  @Inject MeterRegistry registry;

  @Inject QueueLimit queueLimit;

  private volatile Snapshot last = new Snapshot(Instant.EPOCH, Map.of(), 0);
  private long lastAttemptMillis;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (String type : processors.queueTypes()) {
      for (Tier tier : Tier.values()) {
        Tags tags = Tags.of("worker_type", type, "tier", tier.id());
        int i = tier.ordinal();
        gauge("docbatch.queue.waiting", tags, s -> s.of(type).waiting()[i]);
        gauge("docbatch.queue.delayed", tags, s -> s.of(type).delayed()[i]);
        gauge("docbatch.queue.leased", tags, s -> s.of(type).leased()[i]);
      }
      Tags tags = Tags.of("worker_type", type);
      gauge("docbatch.queue.size", tags, s -> s.of(type).queued());
      gauge("docbatch.queue.backlog", tags, s -> s.of(type).backlog());
      gauge("docbatch.dead_letters", tags, s -> s.of(type).deadLetters());
    }
    gauge("docbatch.jobs.active", Tags.empty(), Snapshot::activeJobs);
    registry.gauge("docbatch.queue.limit", Tags.empty(), this, q -> q.queueLimit.documents());
  }

  public int maxQueueSize() {
    return queueLimit.documents();
  }

  /**
   * The queues, read again if the last reading is older than {@value #MAX_AGE_MILLIS} ms. When
   * Redis does not answer, the last reading (its {@code readAt} tells how old it is); the next try
   * waits for the same interval, so a scrape during an outage costs at most one failed call.
   */
  public Snapshot snapshot() {
    long now = System.currentTimeMillis();
    synchronized (this) {
      if (now - lastAttemptMillis >= MAX_AGE_MILLIS) {
        lastAttemptMillis = now;
        try {
          last = read();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "reading the queue depths failed", e);
        }
      }
      return last;
    }
  }

  private Snapshot read() {
    List<String> types = processors.queueTypes();
    Map<String, RedisScript.Queued> answers = new LinkedHashMap<>();
    Response<Long> active;
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      for (String type : types) {
        answers.put(
            type,
            DEPTH.queue(
                redis,
                pipeline,
                List.of(
                    keys.queue(type),
                    keys.queueDelayed(type),
                    keys.queueLeases(type),
                    keys.deadLetters(type)),
                List.of()));
      }
      active = pipeline.scard(keys.activeJobs());
      pipeline.sync();
    }
    Map<String, QueueDepth> depths = new LinkedHashMap<>();
    answers.forEach((type, answer) -> depths.put(type, depth((List<?>) answer.get())));
    return new Snapshot(Instant.now(), depths, active.get());
  }

  private static QueueDepth depth(List<?> counts) {
    long[] waiting = new long[3];
    long[] delayed = new long[3];
    long[] leased = new long[3];
    for (int i = 0; i < 3; i++) {
      waiting[i] = (Long) counts.get(i);
      delayed[i] = (Long) counts.get(3 + i);
      leased[i] = (Long) counts.get(6 + i);
    }
    return new QueueDepth(waiting, delayed, leased, (Long) counts.get(9));
  }

  private void gauge(String name, Tags tags, ToLongFunction<Snapshot> value) {
    // The bean itself is the gauge's object: Micrometer holds it weakly, CDI strongly.
    registry.gauge(name, tags, this, q -> value.applyAsLong(q.snapshot()));
  }
}
