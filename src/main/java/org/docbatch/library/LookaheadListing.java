package org.docbatch.library;

import java.util.NoSuchElementException;

/**
 * A listing that finds its next entry ahead of {@link #next}: {@link #hasNext} must read on (skip
 * keys the glob leaves out, blank manifest lines) to know whether there is one.
 */
abstract class LookaheadListing implements SourceListing {

  private Listed ahead;
  private boolean ended;

  /** The next entry, read from the source; null at its end. */
  protected abstract Listed fetch();

  @Override
  public final boolean hasNext() {
    if (ahead == null && !ended) {
      ahead = fetch();
      ended = ahead == null;
    }
    return ahead != null;
  }

  @Override
  public final Listed next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Listed listed = ahead;
    ahead = null;
    return listed;
  }
}
