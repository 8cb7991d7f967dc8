package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.docbatch.artifact.Artifacts;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;
import org.docbatch.store.OwnerIndex;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What one user may keep: their uploads plus the artifacts of their jobs, at most {@code
 * MAX_STORAGE_PER_USER_MB}. Checked before an upload is written and before a job is accepted; a job
 * already running finishes its documents even if their artifacts pass the quota (refusing a
 * document half way would lose the reading already paid for).
 */
@ApplicationScoped
public class StorageQuota {

  /** {@code MAX_STORAGE_PER_USER_MB}: uploads plus artifacts one user may keep; 0: no limit. */
  @Inject
  @ConfigProperty(name = "max.storage.per.user.mb", defaultValue = "10240")
  long maxMb;

  @Inject DocumentLibrary library;
  @Inject Artifacts artifacts;
  @Inject OwnerIndex owners;
  @Inject JobStore jobs;

  private final SettledJobBytes settled = new SettledJobBytes();

  /** A user over quota, with the figures a client needs. */
  public static class ExceededException extends Exception {
    public ExceededException(String message) {
      super(message);
    }
  }

  /**
   * Refuses when {@code incomingBytes} more would take the user past the quota.
   *
   * @param owner the user as jobs record them
   * @param area the user's document area ({@link DocumentLibrary#areaOf})
   */
  public void check(String owner, String area, long incomingBytes) throws ExceededException {
    if (maxMb <= 0) {
      return;
    }
    long limit = maxMb * 1024 * 1024;
    long used = used(owner, area);
    if (used + Math.max(0, incomingBytes) > limit || used >= limit) {
      throw new ExceededException(
          "you keep "
              + mb(used)
              + " MB of uploads and artifacts"
              + (incomingBytes > 0 ? " and this adds " + mb(incomingBytes) + " MB" : "")
              + "; the limit is "
              + maxMb
              + " MB per user (MAX_STORAGE_PER_USER_MB). Delete nothing: finished jobs and unused"
              + " uploads expire after JOB_TTL, or ask an operator to raise the limit");
    }
  }

  /** Bytes the user keeps now: their uploads, and what their jobs wrote. */
  long used(String owner, String area) {
    long total = 0;
    try {
      total += library.uploadBytes(area);
      Instant now = Instant.now();
      for (JobRecord job : jobs.findAll(owners.jobIds(owner))) {
        total += settled.of(job, now, artifacts.storage()::bytesOf);
      }
    } catch (IOException e) {
      // unreadable storage counts as empty: the writes that follow will fail on it anyway
    }
    return total;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}
