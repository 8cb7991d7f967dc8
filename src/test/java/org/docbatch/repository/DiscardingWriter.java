package org.docbatch.repository;

import jakarta.batch.api.chunk.AbstractItemWriter;
import java.util.List;

/** Writes nothing. */
public final class DiscardingWriter extends AbstractItemWriter {

  @Override
  public void writeItems(List<Object> items) {}
}
