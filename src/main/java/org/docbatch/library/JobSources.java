package org.docbatch.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import org.docbatch.store.JobSource;

/**
 * The sources jobs list their documents from: checked at submit (a prefix or manifest the submitter
 * may read, a glob docbatch reads), listed when the job starts, from a position when a listing
 * resumes. A prefix must lie inside {@code S3_ALLOWED} and, for a submitter, under {@code
 * users/<name>/} of an entry, as a single {@code s3://} document; so must every {@code s3://}
 * document a manifest names (a manifest naming one outside fails its job's listing).
 */
@ApplicationScoped
public class JobSources {

  /** The largest manifest read: about ten million references. */
  private static final long MAX_MANIFEST_BYTES = 1L << 30;

  @Inject DocumentLibrary library;
  @Inject BucketDocuments bucket;
  @Inject ObjectStore objects;

  /**
   * Refuses a source the caller may not list, before any request to the store.
   *
   * @throws DocumentReferenceException {@code invalid_source}, {@code document_outside_root}, or
   *     what resolving a manifest in the caller's area says
   */
  public void check(JobSource source, String area) throws DocumentReferenceException {
    if (source.isPrefix()) {
      S3Location prefix = parse(source.prefix(), "prefix");
      bucket.checkAllowed(prefix, source.prefix(), area);
      if (source.glob() != null) {
        try {
          KeyGlob.of(source.glob());
        } catch (IllegalArgumentException e) {
          throw new DocumentReferenceException("invalid_source", "source.glob: " + e.getMessage());
        }
      }
    } else {
      library.check(source.manifest(), area);
    }
  }

  /**
   * The source's documents from {@code position} on (null or empty: from the start).
   *
   * @throws ListingException when the source cannot be opened
   */
  public SourceListing open(JobSource source, String area, String position) {
    String after = position == null || position.isEmpty() ? null : position;
    if (source.isPrefix()) {
      KeyGlob glob = source.glob() == null ? null : KeyGlob.of(source.glob());
      return new PrefixListing(objects, S3Location.parse(source.prefix()), glob, after);
    }
    try {
      return opened(source.manifest(), area, after);
    } catch (IOException e) {
      throw new ListingException(
          "reading the manifest " + source.manifest() + " failed: " + e.getMessage(), true, e);
    }
  }

  /**
   * The manifest as a local file (a copy when it is an object or an upload kept in a bucket), read
   * from a byte offset; closing the listing removes a copy.
   */
  private ManifestListing opened(String manifest, String area, String position) throws IOException {
    LocalDocument local;
    try {
      local = library.open(manifest, area, MAX_MANIFEST_BYTES);
    } catch (DocumentReferenceException e) {
      throw new ListingException("the manifest " + manifest + ": " + e.getMessage());
    } catch (DocumentStoreOutage e) {
      throw new ListingException(
          "the manifest " + manifest + " could not be read: " + e.getMessage(), true, e);
    }
    Path file = local.file();
    try {
      return new ManifestListing(
          manifest,
          offset -> {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return in;
          },
          reference -> checkListed(reference, area),
          position,
          local);
    } catch (IOException | RuntimeException e) {
      local.close();
      throw e;
    }
  }

  /** A manifest's entry: a reference a job may hold, and inside the caller's prefixes if s3://. */
  private void checkListed(String reference, String area) {
    if (reference.length() > 4096 || reference.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new ListingException(
          "the manifest names a document that is longer than 4096 characters or has a control"
              + " character");
    }
    if (!S3Location.isS3(reference)) {
      return; // a path or an upload id: resolved in the job's area when it runs, as any
    }
    try {
      bucket.check(reference, area);
    } catch (DocumentReferenceException e) {
      throw new ListingException("the manifest names a document it may not: " + e.getMessage());
    }
  }

  private static S3Location parse(String reference, String field)
      throws DocumentReferenceException {
    if (!S3Location.isS3(reference)) {
      throw new DocumentReferenceException(
          "invalid_source", "source." + field + " must be an s3://bucket/prefix/ URL");
    }
    try {
      return S3Location.parse(reference);
    } catch (IllegalArgumentException e) {
      throw new DocumentReferenceException(
          "invalid_source", "source." + field + ": " + e.getMessage());
    }
  }
}
