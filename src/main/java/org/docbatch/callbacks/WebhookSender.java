package org.docbatch.callbacks;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.job.JobJson;
import org.docbatch.json.Json;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStore;
import org.docbatch.webhook.CallbackPolicy;
import org.docbatch.webhook.CallbackRefusedException;
import org.docbatch.webhook.Deliveries;
import org.docbatch.webhook.Delivery;
import org.docbatch.webhook.Signature;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the job callbacks waiting in Redis ({@link Deliveries}), on every node: each tick takes the
 * deliveries that are due under a lease, POSTs each as signed JSON, and records what the receiver
 * answered. A 2xx delivers; a 408, 429, 5xx, timeout or connection error is tried again after an
 * exponential backoff with jitter (or the receiver's {@code Retry-After} when longer) until {@code
 * WEBHOOK_RETRY_HOURS} have passed; any other answer stops. Redirects are not followed.
 */
@ApplicationScoped
public class WebhookSender {

  private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());

  /** How often a node looks for due deliveries. */
  static final long TICK_MILLIS = 500;

  /** Longer than an attempt can take: meanwhile no other node sends the delivery. */
  static final long LEASE_MILLIS = 60_000;

  static final int TIMEOUT_SECONDS = 10;
  private static final int MAX_PER_TICK = 8;
  private static final long MAX_BACKOFF_SECONDS = 3_600;

  /** A job not closed yet is looked at again this much later. */
  private static final long NOT_CLOSED_MILLIS = 1_000;

  @Inject Deliveries deliveries;
  @Inject JobStore jobs;
  @Inject JobResults results;
  @Inject CallbackPolicy policy;
  @Inject MeterRegistry registry;
  @Resource ManagedScheduledExecutorService scheduler;

  /** {@code WEBHOOK_SECRET}: the key deliveries are signed with; unsigned when not set. */
  @Inject
  @ConfigProperty(name = "webhook.secret")
  Optional<String> secret;

  /** {@code WEBHOOK_RETRY_HOURS}: how long an undelivered callback is tried again. */
  @Inject
  @ConfigProperty(name = "webhook.retry.hours", defaultValue = "24")
  double retryHours;

  /**
   * {@code WEBHOOK_RETRY_BASE_SECONDS}: the first backoff; each next one doubles, up to an hour.
   */
  @Inject
  @ConfigProperty(name = "webhook.retry.base.seconds", defaultValue = "5")
  double retryBaseSeconds;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private ScheduledFuture<?> timer;
  private long ticks;

  /**
   * {@code document.finished} goes out in batches, at most one a second per job: a job of a hundred
   * thousand documents makes thousands of requests, not a hundred thousand.
   */
  static final int TICKS_PER_DOCUMENT_BATCH = 2;

  /** Most documents in one {@code document.finished} delivery. */
  static final int MAX_DOCUMENTS_PER_BATCH = 100;

  /** Most bytes of results in one delivery: results past it are named, not carried. */
  static final int MAX_BODY_CHARS = 1 << 20;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
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
    try {
      if (++ticks % TICKS_PER_DOCUMENT_BATCH == 0) {
        batchFinishedDocuments();
      }
      for (Delivery delivery : deliveries.takeDue(LEASE_MILLIS, MAX_PER_TICK)) {
        send(delivery);
      }
    } catch (RuntimeException e) {
      // Redis away, say: the deliveries stay due and the next tick tries again.
      LOG.log(Level.FINE, "webhook tick failed", e);
    }
  }

  /** Turns each watched job's newly finished documents into one delivery. */
  private void batchFinishedDocuments() {
    for (String jobId : deliveries.documentJobs()) {
      Optional<JobRecord> job = jobs.find(jobId);
      String url = job.isPresent() ? deliveries.callbackUrl(jobId) : null;
      boolean batched =
          url != null
              && deliveries.expectDocumentBatch(
                  jobId, url, MAX_DOCUMENTS_PER_BATCH, jobs.deliveryKeepSeconds());
      if (!batched && (job.isEmpty() || job.get().finishedAt() != null)) {
        deliveries.unwatchDocuments(jobId);
      }
    }
  }

  private void send(Delivery delivery) {
    Optional<JobRecord> found = jobs.find(delivery.job());
    if (found.isEmpty()) {
      deliveries.drop(delivery, "the job expired before its callback was delivered");
      return;
    }
    JobRecord job = found.get();
    boolean ofDocuments = Deliveries.DOCUMENT_FINISHED.equals(delivery.event());
    if (!ofDocuments && job.finishedAt() == null) {
      if (job.executionId() != null && job.executionId() != delivery.execution()) {
        deliveries.drop(delivery, "the job was retried before its callback was delivered");
      } else {
        deliveries.postpone(delivery, Instant.now().plusMillis(NOT_CLOSED_MILLIS));
      }
      return;
    }
    URI url;
    try {
      url = policy.check(delivery.url());
    } catch (CallbackRefusedException refused) {
      failed(delivery, 0, "refused: " + refused.getMessage());
      return;
    }
    String body = ofDocuments ? documentsBody(job, delivery) : jobBody(job);
    int status = 0;
    String error;
    Optional<String> retryAfter = Optional.empty();
    try {
      HttpResponse<Void> answer = http.send(request(url, delivery, body), discardBody());
      status = answer.statusCode();
      if (status >= 200 && status < 300) {
        deliveries.delivered(delivery, status);
        count("delivered");
        return;
      }
      error = "the receiver answered HTTP " + status;
      retryAfter = answer.headers().firstValue("Retry-After");
      if (!(status == 408 || status == 429 || status >= 500)) {
        failed(delivery, status, error + "; not tried again");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      error = "no answer: " + e.getClass().getSimpleName();
    }
    retry(delivery, status, error, retryAfter);
  }

  /**
   * {@code job.finished}: the job as {@code GET /api/jobs/{id}} shows it, and where its results
   * are.
   */
  private static String jobBody(JobRecord job) {
    return Json.createObjectBuilder(JobJson.of(job))
        .add("results_url", "/api/jobs/" + job.id() + "/results")
        .build()
        .toString();
  }

  /**
   * {@code document.finished}: the outcomes of the batch's documents as {@code GET .../results}
   * shows them, as many as fit in {@value #MAX_BODY_CHARS} characters; the rest by index only
   * ({@code result_omitted}), to be read from {@code results_url}.
   */
  private String documentsBody(JobRecord job, Delivery delivery) {
    List<Integer> indexes = deliveries.documentsOf(delivery);
    List<String> outcomes = results.outcomes(job.id(), indexes);
    JsonArrayBuilder documents = Json.createArrayBuilder();
    int chars = 0;
    for (int i = 0; i < indexes.size(); i++) {
      String outcome = outcomes.get(i);
      if (outcome != null && chars + outcome.length() <= MAX_BODY_CHARS) {
        chars += outcome.length();
        documents.add(Json.createReader(new StringReader(outcome)).readObject());
      } else {
        documents.add(
            Json.createObjectBuilder().add("index", indexes.get(i)).add("result_omitted", true));
      }
    }
    return Json.createObjectBuilder()
        .add("job_id", job.id())
        .add("status", job.status().name())
        .add("documents", documents)
        .add("results_url", "/api/jobs/" + job.id() + "/results")
        .build()
        .toString();
  }

  private HttpRequest request(URI url, Delivery delivery, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .header("Content-Type", "application/json")
            .header("User-Agent", "docbatch-webhook")
            .header("Docbatch-Event", delivery.event())
            .header("Docbatch-Delivery", delivery.id())
            .POST(HttpRequest.BodyPublishers.ofString(body));
    secret
        .filter(s -> !s.isEmpty())
        .ifPresent(
            key ->
                request.header(
                    Signature.HEADER, Signature.of(key, Instant.now().getEpochSecond(), body)));
    return request.build();
  }

  /** The receiver's body is never read: nothing it says can fill this node's memory. */
  private static HttpResponse.BodyHandler<Void> discardBody() {
    return HttpResponse.BodyHandlers.discarding();
  }

  private void retry(Delivery delivery, int status, String error, Optional<String> retryAfter) {
    int attempt = delivery.attempts() + 1;
    double backoff = Math.min(MAX_BACKOFF_SECONDS, retryBaseSeconds * Math.pow(2, attempt - 1));
    // Jitter: receivers that came back are not hit by every waiting delivery at once.
    double seconds = backoff * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
    seconds = Math.max(seconds, retryAfterSeconds(retryAfter));
    Instant next = Instant.now().plusMillis((long) (seconds * 1000));
    Instant giveUp =
        Instant.ofEpochMilli(delivery.windowMillis()).plusSeconds((long) (retryHours * 3600));
    if (next.isAfter(giveUp)) {
      failed(
          delivery,
          status,
          error + "; gave up after " + attempt + " attempts (WEBHOOK_RETRY_HOURS)");
      return;
    }
    deliveries.retryAt(delivery, status, error, next);
    count("retried");
  }

  private static double retryAfterSeconds(Optional<String> retryAfter) {
    try {
      return retryAfter
          .map(Double::parseDouble)
          .map(s -> Math.min(s, MAX_BACKOFF_SECONDS))
          .orElse(0.0);
    } catch (NumberFormatException httpDate) {
      return 0; // an HTTP date: the backoff alone then
    }
  }

  private void failed(Delivery delivery, int status, String error) {
    deliveries.failed(delivery, status, error);
    count("failed");
    LOG.warning(
        () ->
            "DOCBATCH-1701 Callback of job "
                + delivery.job()
                + " not delivered: "
                + error
                + " (delivery "
                + delivery.id()
                + ")");
  }

  private void count(String outcome) {
    registry.counter("docbatch.webhook.deliveries", "outcome", outcome).increment();
  }
}
