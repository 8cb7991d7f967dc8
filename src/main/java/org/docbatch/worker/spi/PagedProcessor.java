package org.docbatch.worker.spi;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * A processor whose multi-page documents may be read one page per partition, on any node: the
 * document's partition plans its pages ({@link #processOrPlan}), a partition per page reads one
 * ({@link #readPage}), and a partition per document puts the pages together in page order ({@link
 * #assemble}).
 */
public interface PagedProcessor extends DocumentProcessor {

  /**
   * Key of the object {@link #processOrPlan} answers with when the document's pages are to be read
   * one partition each. The plan holds {@code page_count}, {@code read_pages} (the page numbers to
   * read, from 1) and whatever {@link #assemble} needs besides (pages read already).
   */
  String PLAN = "page_plan";

  /**
   * Processes a document as {@link #process} does, unless it has several pages to read: then it
   * answers {@code {"page_plan": {...}}} and reads none of them.
   */
  JsonObject processOrPlan(DocumentTask task) throws DocumentException;

  /**
   * Reads page {@code page} (from 1) of the document.
   *
   * @return the page's reading, as an entry of the document's {@code pages}
   */
  JsonObject readPage(DocumentTask task, int page) throws DocumentException;

  /**
   * The document's result from its plan and its pages' readings, in page order. A page that failed
   * is an object with {@code page}, {@code status: failed} and {@code error}.
   *
   * @throws DocumentException when no page could be read
   */
  JsonObject assemble(DocumentTask task, JsonObject plan, List<JsonObject> pages)
      throws DocumentException;
}
