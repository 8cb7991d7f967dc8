package org.docbatch.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * POSTs alert notices as JSON to {@code ALERT_WEBHOOK_URL}, one at a time on a thread of its own:
 * the caller never waits. A webhook that is slow, down or answers an error costs at most {@value
 * #TIMEOUT_SECONDS} s of that thread per notice; the notice is then dropped with a log line
 * (DOCBATCH-0803), as are notices beyond {@value #BACKLOG} waiting ones. Nothing is retried: an
 * alert that still holds is sent again after {@code ALERT_REPEAT_SECONDS}.
 */
final class AlertWebhook implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AlertWebhook.class.getName());
  static final int TIMEOUT_SECONDS = 5;
  static final int BACKLOG = 100;

  private final URI url;
  private final HttpClient http;
  private final ThreadPoolExecutor sender;

  AlertWebhook(URI url, ThreadFactory threads) {
    this.url = url;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            threads,
            (task, executor) ->
                LOG.warning(
                    "DOCBATCH-0803 Alert webhook "
                        + url
                        + " is "
                        + BACKLOG
                        + " notices behind; a notice was dropped"));
  }

  /** Queues the notice for sending and returns at once. */
  void send(AlertNotice notice) {
    String body = notice.toJson().toString();
    sender.execute(() -> post(notice, body));
  }

  private void post(AlertNotice notice, String body) {
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() >= 300) {
        dropped(notice, "it answered HTTP " + answer.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      dropped(notice, e.toString());
    }
  }

  private void dropped(AlertNotice notice, String why) {
    LOG.warning(
        () ->
            "DOCBATCH-0803 Alert "
                + notice.alert().name()
                + " ("
                + notice.status()
                + ") was not delivered to "
                + url
                + " and is dropped: "
                + why);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
