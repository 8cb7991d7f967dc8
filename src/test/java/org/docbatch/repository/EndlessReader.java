package org.docbatch.repository;

import jakarta.batch.api.chunk.AbstractItemReader;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;

/** Reads numbers for ever; its checkpoint is the last number read. */
public final class EndlessReader extends AbstractItemReader {

  /** Where the latest reader started: a restart must start from the stopped run's checkpoint. */
  static final AtomicLong lastStart = new AtomicLong(-1);

  private long next;

  @Override
  public void open(Serializable checkpoint) {
    next = checkpoint == null ? 0 : (Long) checkpoint;
    lastStart.set(next);
  }

  @Override
  public Object readItem() {
    return next++;
  }

  @Override
  public Serializable checkpointInfo() {
    return next;
  }
}
