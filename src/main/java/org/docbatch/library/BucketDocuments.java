package org.docbatch.library;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.docbatch.s3.S3Location;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Documents named {@code s3://bucket/key}, read from the object store into a scratch copy on this
 * node for each run. Only objects under the prefixes of {@code S3_ALLOWED} may be named, and a
 * submitter only those under {@code users/<name>/} of each, as in the document root: checked at
 * submit from the reference alone, before any request to the store.
 */
@ApplicationScoped
public class BucketDocuments implements DocumentSource {

  /**
   * {@code S3_ALLOWED}: the prefixes documents may be read from, comma-separated; none: no s3://.
   */
  @Inject
  @ConfigProperty(name = "s3.allowed")
  Optional<String> allowedSetting;

  @Inject ObjectStore store;

  private List<S3Location> allowed;
  private Path scratchRoot;

  /**
   * Copies the runs of one paged document share on this node: kept 5 s after the last page read for
   * the next (a node's workers take a document's pages one after another), at most 512 MB of them
   * unheld, and swept every 5 s once there are any.
   */
  private final SharedCopies shared =
      new SharedCopies(5_000, 512L * 1024 * 1024, System::currentTimeMillis);

  @Resource ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> sweep;

  @PostConstruct
  void init() {
    allowed = parseAllowed(allowedSetting.orElse(""));
    scratchRoot = DocumentLibrary.scratchRoot();
  }

  /**
   * Reads {@code S3_ALLOWED}. A prefix that does not end with {@code /} is taken as a folder:
   * {@code s3://scans/2026} allows {@code 2026/a.pdf}, never {@code 2026-private/a.pdf}.
   */
  static List<S3Location> parseAllowed(String setting) {
    List<S3Location> prefixes = new ArrayList<>();
    for (String entry : setting.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      S3Location prefix;
      try {
        prefix = S3Location.parse(entry.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "S3_ALLOWED: '"
                + entry.strip()
                + "' is not an s3://bucket/prefix/ URL: "
                + e.getMessage());
      }
      String key = prefix.key();
      prefixes.add(
          key.isEmpty() || key.endsWith("/") ? prefix : new S3Location(prefix.bucket(), key + "/"));
    }
    return List.copyOf(prefixes);
  }

  /** The buckets {@code S3_ALLOWED} names, once each. */
  public List<String> buckets() {
    return allowed.stream().map(S3Location::bucket).distinct().toList();
  }

  @Override
  public boolean reads(String reference) {
    return S3Location.isS3(reference);
  }

  @Override
  public void check(String reference, String area) throws DocumentReferenceException {
    locate(reference, area);
  }

  @Override
  public LocalDocument open(String reference, String area, long maxBytes)
      throws DocumentReferenceException {
    return copy(locate(reference, area), reference, maxBytes);
  }

  /**
   * The object as {@link #open} gives it, from one copy that the runs of job {@code jobId} on this
   * node share: a paged document's pages and its assembly read one download, not one each.
   */
  public LocalDocument openShared(String jobId, String reference, String area, long maxBytes)
      throws DocumentReferenceException {
    return openShared(jobId, locate(reference, area), reference, maxBytes);
  }

  /** {@link #openShared} for an upload kept in the bucket. */
  LocalDocument openShared(String jobId, S3Location object, String reference, long maxBytes)
      throws DocumentReferenceException {
    sweepSharedCopies();
    return shared.open(jobId, reference, () -> copy(object, reference, maxBytes));
  }

  private synchronized void sweepSharedCopies() {
    if (sweep == null) {
      sweep = scheduler.scheduleWithFixedDelay(shared::sweep, 5, 5, TimeUnit.SECONDS);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  /** Copies an object to a scratch folder of its own; any failure leaves nothing behind. */
  LocalDocument copy(S3Location object, String reference, long maxBytes)
      throws DocumentReferenceException {
    Path folder;
    try {
      folder = Files.createTempDirectory(Files.createDirectories(scratchRoot), "s3-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch folder for " + reference, e);
    }
    LocalDocument copy =
        new LocalDocument(
            folder.resolve(DocumentLibrary.scratchName(object.fileName())), folder, reference);
    boolean kept = false;
    try {
      store.download(object, copy.file(), maxBytes);
      kept = true;
      return copy;
    } catch (ObjectStoreException.NotFound e) {
      throw new DocumentReferenceException(
          "document_not_found", "'" + reference + "' does not exist in the object store");
    } catch (ObjectStoreException.TooLarge e) {
      throw new DocumentReferenceException(
          "document_too_large",
          "'"
              + reference
              + "' is larger than the "
              + (maxBytes / (1024 * 1024))
              + " MB this job accepts (max_file_size_mb, else MAX_UPLOAD_SIZE_MB); nothing more of"
              + " it was read");
    } catch (ObjectStoreException e) {
      if (e.transientFailure()) {
        throw new DocumentStoreOutage(e.getMessage(), e);
      }
      throw new DocumentReferenceException("document_unreadable", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + reference + " to this node", e);
    } finally {
      if (!kept) {
        copy.close();
      }
    }
  }

  /** The object a reference names, if the caller may read it; no request is made. */
  S3Location locate(String reference, String area) throws DocumentReferenceException {
    S3Location object;
    try {
      object = S3Location.parse(reference);
    } catch (IllegalArgumentException e) {
      throw new DocumentReferenceException(
          "invalid_document",
          "'" + shown(reference) + "' is not a valid s3:// reference: " + e.getMessage());
    }
    if (object.key().isEmpty() || object.key().endsWith("/")) {
      throw new DocumentReferenceException(
          "invalid_document",
          "'"
              + shown(reference)
              + "' names a prefix, not an object; name one object (s3://bucket/key)");
    }
    checkAllowed(object, reference, area);
    return object;
  }

  /**
   * Refuses an object or a prefix outside {@code S3_ALLOWED}, or outside {@code users/<name>/} of
   * each entry for a submitter; no request is made. Prefixes a job lists are checked here too.
   */
  void checkAllowed(S3Location object, String reference, String area)
      throws DocumentReferenceException {
    if (allowed.isEmpty()) {
      throw new DocumentReferenceException(
          "document_outside_root",
          "'"
              + shown(reference)
              + "' is in an object store, and this server reads none (S3_ALLOWED is not set)");
    }
    if (area != null) {
      for (S3Location prefix : allowed) {
        if (object.isUnder(area.isEmpty() ? prefix : prefix.resolve(area + "/"))) {
          return;
        }
      }
    }
    throw new DocumentReferenceException(
        "document_outside_root",
        "'"
            + shown(reference)
            + "' is outside the object store prefixes you may read (S3_ALLOWED"
            + (area == null || area.isEmpty() ? "" : ", and " + area + "/ under each")
            + ")");
  }

  private static String shown(String reference) {
    String shown = reference.replaceAll("\\p{Cntrl}", "?");
    return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
  }
}
