package org.docbatch.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A webhook that hangs or is gone never holds up the node that raises alerts. */
class AlertWebhookTest {

  private static final AlertNotice NOTICE =
      new AlertNotice(
          new Alert("high_error_rate", Severity.WARNING, "most failed", 0.9, 0.1),
          "node-a",
          AlertNotice.FIRING,
          false,
          Instant.EPOCH,
          Instant.EPOCH);

  @Test
  void sendingToAHangingWebhookReturnsAtOnceAndDropsWhatDoesNotFit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hanging.setExecutor(Executors.newCachedThreadPool());
    hanging.createContext(
        "/hook",
        exchange -> {
          calls.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hanging.start();
    URI url = URI.create("http://127.0.0.1:" + hanging.getAddress().getPort() + "/hook");
    try (AlertWebhook webhook = new AlertWebhook(url, Executors.defaultThreadFactory())) {
      long started = System.nanoTime();
      for (int i = 0; i < AlertWebhook.BACKLOG * 2; i++) {
        webhook.send(NOTICE);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(millis < 1_000, "sending took " + millis + " ms");
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
    } finally {
      release.countDown();
      hanging.stop(0);
    }
  }

  @Test
  void aWebhookThatIsGoneCostsTheCallerNothing() throws Exception {
    HttpServer gone = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = gone.getAddress().getPort();
    gone.stop(0);
    try (AlertWebhook webhook =
        new AlertWebhook(
            URI.create("http://127.0.0.1:" + port + "/hook"), Executors.defaultThreadFactory())) {
      long started = System.nanoTime();
      webhook.send(NOTICE);
      webhook.send(NOTICE);
      assertTrue((System.nanoTime() - started) / 1_000_000 < 500);
    }
  }
}
