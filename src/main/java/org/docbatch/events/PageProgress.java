package org.docbatch.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobType;
import org.docbatch.store.PagedDocuments;

/**
 * The page counts of OCR jobs for the dashboard's live view: a 500-page document moves page by page
 * while its job's record stands still until the document is done. One Redis round trip per OCR job
 * looked at, only while a page listens ({@link LiveFeed}).
 *
 * <p>Used by {@link LiveFeed}'s one thread only.
 */
@ApplicationScoped
public class PageProgress {

  @Inject PagedDocuments paged;

  /** The counts published last, by job. */
  private final Map<String, PagedDocuments.Progress> published = new HashMap<>();

  /** What a look found: the counts of each OCR job asked about, and which of them moved. */
  record Look(
      Map<String, PagedDocuments.Progress> counts, Collection<String> moved, int roundTrips) {}

  /** Reads the counts of the OCR jobs among {@code jobs}. */
  Look read(Collection<JobRecord> jobs) {
    Map<String, PagedDocuments.Progress> counts = new HashMap<>();
    for (JobRecord job : jobs) {
      if (JobType.OCR.id().equals(job.type()) && !counts.containsKey(job.id())) {
        counts.put(job.id(), paged.progress(job.id()));
      }
    }
    var moved =
        counts.entrySet().stream()
            .filter(count -> !count.getValue().equals(published.get(count.getKey())))
            .map(Map.Entry::getKey)
            .toList();
    published.clear();
    published.putAll(counts);
    return new Look(counts, moved, counts.size());
  }

  /** Forgets what was published: the next listener starts from the whole picture. */
  void forget() {
    published.clear();
  }
}
