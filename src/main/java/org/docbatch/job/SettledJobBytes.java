package org.docbatch.job;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStatus;

/**
 * The artifact bytes of each of a user's jobs, measured once a job has settled: a job finished a
 * while ago writes nothing more until it is retried (which gives it a new {@code finished_at}) or
 * expires (when it leaves the user's jobs). Without it every upload and submission listed the
 * artifacts of every job the user keeps: one listing per job, a request each on a bucket.
 */
final class SettledJobBytes {

  /**
   * {@code finished_at} is written when a job's last execution ended, documents in flight after a
   * cancel included; the margin is for the clocks of the nodes that wrote it and read it.
   */
  static final Duration SETTLE = Duration.ofSeconds(30);

  /** Enough for a few busy users' jobs within JOB_TTL; the oldest measured go first. */
  private static final int MAX_JOBS = 100_000;

  /** What a job's artifacts weigh, read from storage. */
  interface Measure {
    long bytesOf(String jobId) throws IOException;
  }

  private final Map<String, Long> settled =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_JOBS;
        }
      };

  /** The job's artifact bytes: remembered when it settled, otherwise measured now. */
  long of(JobRecord job, Instant now, Measure measure) throws IOException {
    if (!settledAt(job, now)) {
      return measure.bytesOf(job.id());
    }
    String key = job.id() + '@' + job.finishedAt();
    synchronized (settled) {
      Long known = settled.get(key);
      if (known != null) {
        return known;
      }
    }
    long bytes = measure.bytesOf(job.id());
    synchronized (settled) {
      settled.put(key, bytes);
    }
    return bytes;
  }

  private static boolean settledAt(JobRecord job, Instant now) {
    if (JobStatus.UNFINISHED.contains(job.status()) || job.finishedAt() == null) {
      return false;
    }
    try {
      return Instant.parse(job.finishedAt()).plus(SETTLE).isBefore(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
