package org.docbatch.dispatch.queue;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How long a loop that talks to Redis waits after a failure: 100 ms after the first, doubling up to
 * 5 s while Redis stays away, so that an outage costs a node almost no CPU and logs one line when
 * it starts and one when it ends, not one per attempt. Readiness reports the outage meanwhile. Used
 * by one thread.
 */
public final class OutageBackoff {

  private static final Logger LOG = Logger.getLogger(OutageBackoff.class.getName());
  private static final long FIRST_MILLIS = 100;
  private static final long MAX_MILLIS = 5_000;

  private final String what;
  private int failures;
  private long since;

  /**
   * @param what the loop, as a log line names it ("taking from the ocr queue")
   */
  public OutageBackoff(String what) {
    this.what = what;
  }

  /** A call failed: how long to wait before the next. */
  public long failed(RuntimeException e) {
    if (failures == 0) {
      since = System.currentTimeMillis();
      LOG.log(
          Level.WARNING,
          () -> "DOCBATCH-0505 Redis unreachable while " + what + ", retrying: " + e);
    } else {
      LOG.log(Level.FINE, what + " failed again", e);
    }
    failures = Math.min(failures + 1, 30);
    return Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(failures - 1, 10));
  }

  /** A call succeeded: the outage, if there was one, is over. */
  public void succeeded() {
    if (failures > 0) {
      long seconds = (System.currentTimeMillis() - since) / 1000;
      LOG.info(
          () -> "DOCBATCH-0506 Redis reachable again for " + what + " after " + seconds + " s");
      failures = 0;
    }
  }
}
