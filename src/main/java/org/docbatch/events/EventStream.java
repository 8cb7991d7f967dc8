package org.docbatch.events;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard pages listening to this node ({@code GET /api/events}): one {@link SseBroadcaster}
 * for all of them, so that what {@link LiveFeed} reads once is sent to every page. A page that went
 * away is noticed when a send to it fails (at the latest at the next keep-alive), and leaves the
 * set.
 */
@ApplicationScoped
public class EventStream {

  /** Milliseconds a browser waits before reconnecting a lost stream. */
  private static final long RECONNECT_MILLIS = 2_000;

  @Inject MeterRegistry registry;

  private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
  private Sse sse;
  private SseBroadcaster broadcaster;
  private boolean newcomers;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge("docbatch.dashboard.listeners", this, stream -> stream.sinks.size());
  }

  /** Adds a page: it gets a {@code hello} event at once, then whatever is published. */
  public synchronized void add(SseEventSink sink, Sse sse, JsonObject hello) {
    if (broadcaster == null) {
      this.sse = sse;
      broadcaster = sse.newBroadcaster();
      broadcaster.onClose(sinks::remove);
      broadcaster.onError(
          (closed, error) -> {
            sinks.remove(closed);
            closeQuietly(closed);
          });
    }
    sink.send(
        sse.newEventBuilder()
            .name("hello")
            .reconnectDelay(RECONNECT_MILLIS)
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, hello.toString())
            .build());
    sinks.add(sink);
    broadcaster.register(sink);
    newcomers = true;
  }

  /** Whether a page came since the last call: it waits for its first {@code cluster} event. */
  public synchronized boolean takeNewcomers() {
    boolean came = newcomers;
    newcomers = false;
    return came;
  }

  /** Whether any page listens (pages that closed are dropped first). */
  public boolean listening() {
    sinks.removeIf(SseEventSink::isClosed);
    return !sinks.isEmpty();
  }

  public int listeners() {
    return sinks.size();
  }

  /** Sends one event to every page. */
  public void publish(String name, JsonObject data) {
    send(
        sse()
            .newEventBuilder()
            .name(name)
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, data.toString())
            .build());
  }

  private synchronized Sse sse() {
    return sse;
  }

  private void send(OutboundSseEvent event) {
    SseBroadcaster to;
    synchronized (this) {
      to = broadcaster;
    }
    if (to != null) {
      to.broadcast(event);
    }
  }

  /** Ends every stream, so that open pages do not hold the server's stop back. */
  @PreDestroy
  synchronized void close() {
    if (broadcaster != null) {
      broadcaster.close();
    }
    sinks.forEach(EventStream::closeQuietly);
    sinks.clear();
  }

  private static void closeQuietly(SseEventSink sink) {
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      // The page is gone already: nothing to tell it.
    }
  }
}
