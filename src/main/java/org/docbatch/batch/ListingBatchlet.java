package org.docbatch.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.dispatch.queue.QueueLimit;
import org.docbatch.library.JobSources;
import org.docbatch.library.ListingException;
import org.docbatch.library.SourceListing;
import org.docbatch.store.DocumentListing;
import org.docbatch.store.DocumentListing.Checkpoint;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobSource;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;

/**
 * The first step of every job: lists the documents of a job that names a source (a prefix, a
 * manifest) into its document list, so that the partitioned step after it maps them all. A job that
 * named its documents, or whose listing is done, passes at once.
 *
 * <p>Documents are appended as they are listed, {@value #CHUNK} at a time or every second, together
 * with the listing's checkpoint ({@link DocumentListing}): the job shows {@code listed} growing, no
 * listing sits in memory whole, and a listing whose node was killed resumes where it stopped when
 * the job is taken over (the step is run again by the JSR-352 restart and reads the checkpoint). A
 * listing that passes {@code MAX_DOCUMENTS_PER_JOB} (or {@code MAX_QUEUE_SIZE}) fails the job
 * before any document runs, as a request naming that many documents is refused.
 */
@Named
@Dependent
public class ListingBatchlet extends AbstractBatchlet {

  private static final Logger LOG = Logger.getLogger(ListingBatchlet.class.getName());

  /** Exit status: the documents are all in the job's list. */
  static final String LISTED = "LISTED";

  /** Exit status: the listing failed; the job fails with its error ({@code job.xml}). */
  static final String FAILED = "LISTING_FAILED";

  /**
   * Exit status: the listing stopped before its end (the job was stopped, or another node's
   * execution lists it now, this one having been taken for dead): the job stops, its listing
   * resumes from the checkpoint when it runs again.
   */
  static final String STOPPED = "LISTING_STOPPED";

  static final int CHUNK = 1_000;
  private static final long FLUSH_NANOS = 1_000_000_000L;

  /** Tries of a listing the store did not answer, the first included, with doubling pauses. */
  private static final int ATTEMPTS = 6;

  @Inject @BatchProperty String jobId;
  @Inject JobStore store;
  @Inject DocumentListing listing;
  @Inject JobSources sources;
  @Inject QueueLimit limit;

  private volatile boolean stopped;

  @Override
  public String process() throws InterruptedException {
    Optional<JobRecord> found = store.find(jobId);
    if (found.isEmpty() || found.get().listingDone()) {
      return LISTED;
    }
    JobRecord job = found.get();
    // Listing is not a task: the job stays QUEUED until a worker starts its first document.
    if (!JobStatus.UNFINISHED.contains(job.status())) {
      return LISTED; // cancelled: the mapper maps nothing and the job ends so
    }
    listing.fail(jobId, null); // a retry's listing: the last one's error is gone
    long started = System.nanoTime();
    Checkpoint checkpoint = listing.checkpoint(jobId);
    int resumedAt = checkpoint.listed();
    LOG.info(
        () ->
            "DOCBATCH-1760 Listing the documents of job "
                + jobId
                + " from "
                + job.source().toJson()
                + (resumedAt > 0 ? ", resuming after " + resumedAt + " listed" : ""));
    for (int attempt = 1; ; attempt++) {
      try {
        return listFrom(job, checkpoint, started, resumedAt);
      } catch (ListingException e) {
        checkpoint = listing.checkpoint(jobId);
        if (!e.transientFailure() || attempt == ATTEMPTS || stopped) {
          return fail(job.source(), e.getMessage());
        }
        long pause = 1_000L << (attempt - 1);
        LOG.log(
            Level.WARNING,
            "DOCBATCH-1763 Listing job "
                + jobId
                + " failed (attempt "
                + attempt
                + " of "
                + ATTEMPTS
                + "); trying again in "
                + pause
                + " ms from document "
                + checkpoint.listed()
                + ": "
                + e.getMessage());
        Thread.sleep(pause);
      }
    }
  }

  private String listFrom(JobRecord job, Checkpoint from, long started, int resumedAt) {
    Checkpoint checkpoint = from;
    int max = limit.perJob();
    try (SourceListing documents = sources.open(job.source(), job.documentArea(), from.after())) {
      List<String> chunk = new ArrayList<>();
      String after = from.after();
      long flushed = System.nanoTime();
      while (documents.hasNext()) {
        if (stopped) {
          return STOPPED;
        }
        SourceListing.Listed next = documents.next();
        if (checkpoint.listed() + chunk.size() >= max) {
          return fail(
              job.source(),
              "the source holds more than "
                  + max
                  + " documents, the most a job may have ("
                  + limit.perJobSetting()
                  + "); narrow it (a longer prefix, a glob) or split it into several jobs");
        }
        chunk.add(next.reference());
        after = next.position();
        if (chunk.size() >= CHUNK || System.nanoTime() - flushed > FLUSH_NANOS) {
          Optional<Checkpoint> moved = listing.append(jobId, checkpoint, chunk, after, false);
          if (moved.isEmpty()) {
            return taken();
          }
          checkpoint = moved.get();
          chunk.clear();
          flushed = System.nanoTime();
          if (store.find(jobId).map(JobRecord::status).orElse(null) == JobStatus.CANCELLED) {
            return LISTED;
          }
        }
      }
      if (checkpoint.listed() + chunk.size() == 0) {
        return fail(
            job.source(),
            job.source().isPrefix()
                ? "the prefix holds no object"
                    + (job.source().glob() == null ? "" : " matching the glob")
                    + "; a job needs at least one document"
                : "the manifest names no document; a job needs at least one");
      }
      Optional<Checkpoint> done = listing.append(jobId, checkpoint, chunk, after, true);
      if (done.isEmpty()) {
        return taken();
      }
      int listed = done.get().listed();
      long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
      LOG.info(
          () ->
              "DOCBATCH-1761 Job "
                  + jobId
                  + ": "
                  + listed
                  + " documents listed ("
                  + (listed - resumedAt)
                  + " by this node in "
                  + millis
                  + " ms, "
                  + (listed - resumedAt) * 1000L / millis
                  + "/s)");
      return LISTED;
    }
  }

  private String fail(JobSource source, String why) {
    String message = "listing " + describe(source) + " failed: " + why;
    listing.fail(jobId, message);
    LOG.warning(() -> "DOCBATCH-1762 Job " + jobId + ": " + message);
    return FAILED;
  }

  private String taken() {
    LOG.warning(
        () ->
            "DOCBATCH-1764 Job "
                + jobId
                + " is listed by another node's execution now; this one stops listing");
    return STOPPED;
  }

  private static String describe(JobSource source) {
    return source.isPrefix()
        ? "the prefix " + source.prefix()
        : "the manifest " + source.manifest();
  }

  /**
   * The job was stopped (cancelled, or the node is stopping): the checkpoint keeps what is done.
   */
  @Override
  public void stop() {
    stopped = true;
  }
}
