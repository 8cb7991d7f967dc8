package org.docbatch.repository;

import jakarta.batch.api.chunk.AbstractItemReader;
import java.io.Serializable;

/** Reads numbers for ever; its checkpoint is the last number read. */
public final class EndlessReader extends AbstractItemReader {

  private long next;

  @Override
  public void open(Serializable checkpoint) {
    next = checkpoint == null ? 0 : (Long) checkpoint;
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
