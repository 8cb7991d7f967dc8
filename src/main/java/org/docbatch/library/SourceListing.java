package org.docbatch.library;

import java.util.Iterator;

/**
 * The documents of a job's source (a prefix, a manifest), read as they are listed, never all in
 * memory: each with the position to resume after it. {@link #next()} and {@link #hasNext()} throw
 * {@link ListingException} when the source cannot be read or holds a bad entry.
 */
public interface SourceListing extends Iterator<SourceListing.Listed>, AutoCloseable {

  /**
   * One document of the source.
   *
   * @param reference the document's reference, as a job stores it
   * @param position where a listing resumed after this document starts (a key, a byte offset)
   */
  record Listed(String reference, String position) {}

  @Override
  void close();
}
