package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;

/**
 * The job records workers read before each document (options, cancelled or not), kept for {@value
 * #FRESH_MILLIS} ms so that a job of many documents costs one read per second instead of one per
 * document. A cancel is seen that much later at most; the dispatcher's stop request reaches running
 * documents sooner. At most {@value #MAX} jobs are kept.
 *
 * <p>A record that says CANCELLED is never answered from memory: a retry reopens a cancelled job,
 * and a worker that had just skipped the cancelled execution's documents would otherwise skip the
 * retry's too for up to {@value #FRESH_MILLIS} ms, and the retry would end FAILED with documents
 * that never ran. Reading it again costs one read per document only while a cancelled job's
 * documents are being skipped, until the stop request reaches the node (half a second).
 */
@ApplicationScoped
public class RecentJobs {

  private static final long FRESH_MILLIS = 1_000;
  private static final int MAX = 256;

  @Inject JobStore store;

  private record Seen(JobRecord job, long at) {}

  private final Map<String, Seen> seen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
          return size() > MAX;
        }
      };

  public Optional<JobRecord> find(String jobId) {
    long now = System.currentTimeMillis();
    synchronized (seen) {
      Seen recent = seen.get(jobId);
      if (recent != null
          && now - recent.at() < FRESH_MILLIS
          && recent.job().status() != JobStatus.CANCELLED) {
        return Optional.of(recent.job());
      }
    }
    Optional<JobRecord> job = store.find(jobId);
    job.ifPresent(
        found -> {
          synchronized (seen) {
            seen.put(jobId, new Seen(found, now));
          }
        });
    return job;
  }
}
