package org.docbatch.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.cluster.NodeSummaries;
import org.docbatch.job.JobJson;
import org.docbatch.json.Json;
import org.docbatch.metrics.PerformanceReport;
import org.docbatch.store.JobRecord;
import org.docbatch.store.PagedDocuments;

/**
 * The one watcher per node behind the dashboard's live view. Once a second, and only while at least
 * one page listens, it reads what changed in the jobs ({@link JobChanges}, two Redis round trips)
 * and sends a {@code job} event per changed job (an OCR job's with its page counts, {@link
 * PageProgress}: one round trip per unfinished OCR job, and an event when its pages move); every
 * {@value #CLUSTER_EVERY} ticks it sends a {@code cluster} event (the performance summary, whose
 * queue figures are cached for 5 s for the whole node, and the nodes' summaries: two round trips).
 * Ten open pages cost Redis what one costs; {@code docbatch_dashboard_redis_round_trips_total}
 * counts the feed's round trips.
 */
@ApplicationScoped
public class LiveFeed {

  private static final Logger LOG = Logger.getLogger(LiveFeed.class.getName());

  static final long TICK_MILLIS = 1_000;
  static final int CLUSTER_EVERY = 5;

  @Inject EventStream stream;
  @Inject JobChanges jobs;
  @Inject PageProgress pages;
  @Inject PerformanceReport report;
  @Inject NodeSummaries nodes;
  @Inject MeterRegistry registry;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> timer;
  private Counter roundTrips;
  private long ticks;
  private boolean failing;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    roundTrips = registry.counter("docbatch.dashboard.redis.round.trips");
    timer =
        scheduler.scheduleWithFixedDelay(
            this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void tick() {
    if (!stream.listening()) {
      jobs.forget();
      pages.forget();
      ticks = 0;
      return;
    }
    try {
      // A page that just came gets the cluster's picture at once, not up to 5 s later.
      if (ticks % CLUSTER_EVERY == 0 || stream.takeNewcomers()) {
        stream.publish("cluster", cluster());
      }
      roundTrips.increment(JobChanges.ROUND_TRIPS);
      int activeBefore = jobs.activeJobs();
      publishJobs(jobs.read());
      if (jobs.activeJobs() != activeBefore) {
        stream.publish(
            "active", Json.createObjectBuilder().add("active_jobs", jobs.activeJobs()).build());
      }
      failing = false;
    } catch (RuntimeException e) {
      // Redis away: the pages keep what they have and the next tick tries again.
      LOG.log(
          failing ? Level.FINE : Level.INFO,
          "DOCBATCH-1101 The dashboard's live feed could not read Redis; it tries again in a second",
          e);
      failing = true;
    } finally {
      ticks++;
    }
  }

  /**
   * Sends the changed jobs, and the unfinished OCR jobs whose pages moved; an OCR job with its page
   * counts, as {@code GET /api/jobs/{id}} answers it.
   */
  private void publishJobs(List<JobRecord> changed) {
    Map<String, JobRecord> watched = new LinkedHashMap<>();
    changed.forEach(job -> watched.put(job.id(), job));
    jobs.unfinished().forEach(job -> watched.putIfAbsent(job.id(), job));
    PageProgress.Look pageCounts = pages.read(watched.values());
    roundTrips.increment(pageCounts.roundTrips());
    Set<String> toPublish = new LinkedHashSet<>();
    changed.forEach(job -> toPublish.add(job.id()));
    toPublish.addAll(pageCounts.moved());
    for (String id : toPublish) {
      JobRecord job = watched.get(id);
      PagedDocuments.Progress counts = pageCounts.counts().get(id);
      JsonObject json = JobJson.of(job);
      stream.publish("job", counts == null ? json : JobJson.withPages(json, job, counts));
    }
  }

  private JsonObject cluster() {
    // The nodes' summaries; the queue figures come from QueueDepths' cache, shared with scrapes
    // and alerts (one round trip per 5 s whoever asks).
    roundTrips.increment(NodeSummaries.ROUND_TRIPS);
    return Json.createObjectBuilder()
        .add("metrics", report.summary(false))
        .add("nodes", nodes.alive())
        .build();
  }
}
