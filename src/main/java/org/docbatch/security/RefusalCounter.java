package org.docbatch.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests refused for a missing or wrong credential, counted per client address over fixed windows
 * of a minute, on this node. Past {@code AUTH_FAILURES_PER_MINUTE} an address is refused (429)
 * without its credential being looked at and without an audit line until its window closes, so that
 * a flood of bad credentials can neither guess keys quickly nor rotate the audit history away; the
 * server log says so once per address and window (DOCBATCH-1220). Kept in memory: the audit file it
 * protects is the node's own, and a flood costs no Redis round trip.
 */
@ApplicationScoped
public class RefusalCounter {

  private static final Logger LOG = Logger.getLogger(RefusalCounter.class.getName());
  private static final long WINDOW_MILLIS = 60_000;

  /** Addresses remembered at most; past it, windows that closed are forgotten first. */
  static final int MAX_ADDRESSES = 100_000;

  @Inject
  @ConfigProperty(name = "auth.failures.per.minute", defaultValue = "30")
  int perMinute;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long start, AtomicInteger count) {}

  /**
   * Counts one refusal of {@code address}.
   *
   * @return 0 while the address is within its allowance, else the seconds until its minute ends
   */
  public long refused(String address) {
    if (perMinute <= 0) {
      return 0;
    }
    long now = System.currentTimeMillis();
    if (windows.size() >= MAX_ADDRESSES) {
      windows.values().removeIf(w -> now - w.start() >= WINDOW_MILLIS);
      if (windows.size() >= MAX_ADDRESSES) {
        windows.clear();
      }
    }
    Window window =
        windows.compute(
            address,
            (key, old) ->
                old == null || now - old.start() >= WINDOW_MILLIS
                    ? new Window(now, new AtomicInteger())
                    : old);
    int count = window.count().incrementAndGet();
    if (count == perMinute + 1) {
      LOG.warning(
          () ->
              "DOCBATCH-1220 "
                  + address
                  + " was refused more than "
                  + perMinute
                  + " times in a minute for a missing or wrong credential"
                  + " (AUTH_FAILURES_PER_MINUTE); its further refusals are answered 429, unaudited,"
                  + " until the minute is over");
    }
    return count > perMinute ? Math.max(1, (window.start() + WINDOW_MILLIS - now + 999) / 1000) : 0;
  }

  /** Refusals an address may have in a minute before they are answered 429, unaudited. */
  public int allowance() {
    return perMinute;
  }
}
