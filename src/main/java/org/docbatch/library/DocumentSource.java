package org.docbatch.library;

/**
 * Where documents of one kind of reference are read from: the document root's folders, or an object
 * store. A job's references are checked at submit without reading them ({@link #check}), and each
 * run reads its document as a local file ({@link #open}) that it closes when done.
 */
public interface DocumentSource {

  /** Whether this source reads {@code reference}. */
  boolean reads(String reference);

  /**
   * Checks at submit that {@code reference} is one the caller may name.
   *
   * @param area the caller's area ({@link DocumentLibrary#areaOf})
   * @throws DocumentReferenceException when it is malformed, outside the area, or names nothing
   */
  void check(String reference, String area) throws DocumentReferenceException;

  /**
   * The document as a local file for one run; close it when done (a copy is removed then).
   *
   * @param maxBytes the largest document the job accepts: a larger one is refused unread
   * @throws DocumentReferenceException when the document cannot be read (its own failure)
   * @throws DocumentStoreOutage when its store is out of reach: try again later
   */
  LocalDocument open(String reference, String area, long maxBytes)
      throws DocumentReferenceException;
}
