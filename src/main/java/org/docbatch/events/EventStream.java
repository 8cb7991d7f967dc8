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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The dashboard pages listening to this node ({@code GET /api/events}): one {@link SseBroadcaster}
 * for all of them, so that what {@link LiveFeed} reads once is sent to every page. A page that went
 * away is noticed when a send to it fails (at the latest at the next keep-alive), and leaves the
 * set. A page whose caller may no longer listen (a key revoked, a token expired: {@code
 * stillAllowed} answers false) is closed within a tick of {@link LiveFeed}, and one user may hold
 * only so many streams at once.
 */
@ApplicationScoped
public class EventStream {

  /** Milliseconds a browser waits before reconnecting a lost stream. */
  private static final long RECONNECT_MILLIS = 2_000;

  @Inject MeterRegistry registry;

  private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
  private final Map<SseEventSink, Listener> listeners = new ConcurrentHashMap<>();

  /** Who listens on a stream, and whether they still may. */
  private record Listener(String user, BooleanSupplier stillAllowed) {}

  private Sse sse;
  private SseBroadcaster broadcaster;
  private boolean newcomers;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge("docbatch.dashboard.listeners", this, stream -> stream.sinks.size());
  }

  /**
   * Adds a page of {@code user}: it gets a {@code hello} event at once, then whatever is published,
   * for as long as {@code stillAllowed} says so.
   *
   * @return false, and nothing added, when {@code user} already holds {@code maxPerUser} streams
   */
  public synchronized boolean add(
      SseEventSink sink,
      Sse sse,
      JsonObject hello,
      String user,
      int maxPerUser,
      BooleanSupplier stillAllowed) {
    sinks.removeIf(SseEventSink::isClosed);
    listeners.keySet().retainAll(sinks);
    if (listeners.values().stream().filter(l -> l.user().equals(user)).count() >= maxPerUser) {
      return false;
    }
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
    listeners.put(sink, new Listener(user, stillAllowed));
    broadcaster.register(sink);
    newcomers = true;
    return true;
  }

  /** Whether a page came since the last call: it waits for its first {@code cluster} event. */
  public synchronized boolean takeNewcomers() {
    boolean came = newcomers;
    newcomers = false;
    return came;
  }

  /**
   * Whether any page listens: pages that closed are dropped first, and pages whose caller may no
   * longer listen are closed.
   */
  public boolean listening() {
    sinks.removeIf(SseEventSink::isClosed);
    listeners.keySet().retainAll(sinks);
    listeners.forEach(
        (sink, listener) -> {
          if (!listener.stillAllowed().getAsBoolean()) {
            listeners.remove(sink);
            sinks.remove(sink);
            closeQuietly(sink);
          }
        });
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
    listeners.clear();
  }

  private static void closeQuietly(SseEventSink sink) {
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      // The page is gone already: nothing to tell it.
    }
  }
}
