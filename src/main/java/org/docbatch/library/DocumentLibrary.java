package org.docbatch.library;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.docbatch.digest.Sha256;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.docbatch.s3.S3Location;
import org.docbatch.security.ApiKeyTable;
import org.docbatch.security.Caller;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The documents docbatch may read: files under the document root, referenced by a relative path or
 * by the id of an upload. Each caller has an area of the root: a submitter's is {@code
 * users/<name>/} (their uploads and the files put there for them), an operator's the whole root.
 * Nothing outside the area is ever opened, whatever a path or a link says.
 *
 * <p>It is the one {@link DocumentSource} the rest of docbatch sees: {@code s3://} references go to
 * {@link BucketDocuments}, upload ids to the bucket when {@code UPLOAD_ROOT} is one, the rest to
 * the document root's folders.
 */
@ApplicationScoped
public class DocumentLibrary implements DocumentSource {

  static final Pattern UPLOAD_ID = Pattern.compile("doc_[0-9a-f]{32}");
  private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[^A-Za-z0-9._-]");
  private static final String UPLOADS = "uploads";
  private static final String USERS = "users";

  /** {@code DOCUMENT_ROOT}: the folder documents are read from and uploads are written to. */
  @Inject
  @ConfigProperty(name = "document.root", defaultValue = "data/documents")
  String documentRoot;

  /** {@code MAX_UPLOAD_SIZE_MB}: the largest file {@code POST /api/documents} accepts. */
  @Inject
  @ConfigProperty(name = "max.upload.size.mb", defaultValue = "100")
  long maxUploadSizeMb;

  /** {@code MAX_UPLOAD_FILES}: files one upload request may carry. */
  @Inject
  @ConfigProperty(name = "max.upload.files", defaultValue = "100")
  int maxUploadFiles;

  /**
   * {@code UPLOAD_ROOT}: an {@code s3://bucket/prefix} to keep uploads in; none: the document root.
   */
  @Inject
  @ConfigProperty(name = "upload.root")
  Optional<String> uploadRoot = Optional.empty();

  @Inject BucketDocuments bucket;
  @Inject ObjectStore objectStore;

  private Path root;

  /** Uploads in a bucket; null when they are kept under the document root. */
  private BucketUploads bucketUploads;

  /** {@code MAX_UPLOAD_SIZE_MB}. */
  public long maxUploadSizeMb() {
    return maxUploadSizeMb;
  }

  /** {@code MAX_UPLOAD_FILES}. */
  public int maxUploadFiles() {
    return maxUploadFiles;
  }

  private RealFolders folders;
  private LocalUploads localUploads;

  @PostConstruct
  void init() {
    try {
      Path configured = Path.of(documentRoot).toAbsolutePath().normalize();
      Files.createDirectories(configured.resolve(UPLOADS));
      root = configured.toRealPath();
      folders = new RealFolders(root);
      localUploads = new LocalUploads(root, UPLOADS, USERS, UPLOAD_ID);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the document root " + documentRoot, e);
    }
    String uploads = uploadRoot.orElse("").strip();
    if (!uploads.isEmpty()) {
      try {
        bucketUploads = new BucketUploads(objectStore, S3Location.parse(uploads));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "UPLOAD_ROOT: '" + uploads + "' is not an s3://bucket/prefix URL: " + e.getMessage());
      }
    }
  }

  @Override
  public boolean reads(String reference) {
    return true;
  }

  /** The bucket of {@code UPLOAD_ROOT}, if uploads are kept in one. */
  public Optional<String> uploadBucket() {
    return Optional.ofNullable(bucketUploads).map(uploads -> uploads.root().bucket());
  }

  /**
   * Checks at submit that a reference names a document the caller may read: a file or upload that
   * exists; an {@code s3://} reference inside the caller's prefixes, without asking the store.
   */
  @Override
  public void check(String reference, String area) throws DocumentReferenceException {
    if (S3Location.isS3(reference)) {
      bucket.check(reference, area);
    } else if (bucketUploads != null && isUploadId(reference)) {
      bucketUpload(reference, area);
    } else {
      resolve(reference, area);
    }
  }

  @Override
  public LocalDocument open(String reference, String area, long maxBytes)
      throws DocumentReferenceException {
    if (S3Location.isS3(reference)) {
      return bucket.open(reference, area, maxBytes);
    }
    if (bucketUploads != null && isUploadId(reference)) {
      return bucket.copy(bucketUpload(reference, area), reference, maxBytes);
    }
    return LocalDocument.inPlace(resolve(reference, area), reference);
  }

  /**
   * {@link #open} for the runs of one job that read the same document on this node (a paged
   * document's pages and assembly): an object is downloaded once for all of them, not once each.
   */
  public LocalDocument openShared(String jobId, String reference, String area, long maxBytes)
      throws DocumentReferenceException {
    if (S3Location.isS3(reference)) {
      return bucket.openShared(jobId, reference, area, maxBytes);
    }
    if (bucketUploads != null && isUploadId(reference)) {
      return bucket.openShared(jobId, bucketUpload(reference, area), reference, maxBytes);
    }
    return LocalDocument.inPlace(resolve(reference, area), reference);
  }

  private static boolean isUploadId(String reference) {
    return reference != null && UPLOAD_ID.matcher(reference).matches();
  }

  private S3Location bucketUpload(String id, String area) throws DocumentReferenceException {
    if (area == null) {
      throw new DocumentReferenceException(
          "document_outside_root",
          "the job records no document area, so its references resolve nowhere; submit it again");
    }
    try {
      return bucketUploads
          .find(area, id)
          .orElseThrow(
              () ->
                  new DocumentReferenceException(
                      "document_not_found", "no uploaded document has the id '" + id + "'"));
    } catch (ObjectStoreException e) {
      if (e.transientFailure()) {
        throw new DocumentStoreOutage(e.getMessage(), e);
      }
      throw new DocumentReferenceException("document_unreadable", e.getMessage());
    }
  }

  public Path root() {
    return root;
  }

  RealFolders folders() {
    return folders;
  }

  /**
   * The caller's area, relative to the root: {@code ""} (all of it) for operators and admins,
   * {@code users/<name>} for a submitter. A name that is not a plain file name is hashed.
   */
  public static String areaOf(Caller caller) {
    if (caller.seesAllJobs()) {
      return "";
    }
    String user = caller.user();
    String folder =
        ApiKeyTable.USER.matcher(user).matches() ? user : "u-" + Sha256.hex(user).substring(0, 24);
    return USERS + "/" + folder;
  }

  /** Finds the file a reference names in the whole root; see {@link #resolve(String, String)}. */
  public Path resolve(String reference) throws DocumentReferenceException {
    return resolve(reference, "");
  }

  /**
   * Finds the file a reference names in an area of the root.
   *
   * @param area the caller's area ({@link #areaOf}), {@code ""} for the whole root; null (a job
   *     that recorded none) resolves nothing
   * @throws DocumentReferenceException when the reference is empty, leaves the area, or names
   *     nothing
   */
  public Path resolve(String reference, String area) throws DocumentReferenceException {
    if (reference == null || reference.isBlank()) {
      throw new DocumentReferenceException("invalid_document", "a document reference is empty");
    }
    if (area == null) {
      // A job that recorded no area is not given the whole root: closed, never open, by mistake.
      throw new DocumentReferenceException(
          "document_outside_root",
          "the job records no document area, so its references resolve nowhere; submit it again");
    }
    Path base = area.isEmpty() ? root : root.resolve(area);
    if (UPLOAD_ID.matcher(reference).matches()) {
      return resolveUpload(base, reference);
    }
    if (reference.indexOf('\0') >= 0) {
      throw new DocumentReferenceException(
          "invalid_document", "'" + printable(reference) + "' contains a NUL character");
    }
    Path candidate;
    try {
      candidate = base.resolve(reference).normalize();
    } catch (RuntimeException e) {
      throw new DocumentReferenceException(
          "invalid_document", "'" + printable(reference) + "' is not a valid path");
    }
    if (Path.of(reference).isAbsolute() || !candidate.startsWith(base)) {
      throw outsideRoot(reference);
    }
    try {
      BasicFileAttributes found =
          Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Path real;
      boolean regular;
      if (found.isSymbolicLink()) {
        real = followLink(candidate, reference); // where it leads is checked below
        regular = Files.isRegularFile(real);
      } else {
        real = folders.of(candidate.getParent()).resolve(candidate.getFileName());
        regular = found.isRegularFile();
      }
      if (!real.startsWith(base)) {
        throw outsideRoot(reference);
      }
      if (!regular) {
        throw new DocumentReferenceException(
            "not_a_file", "'" + printable(reference) + "' is not a regular file");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new DocumentReferenceException(
          "document_not_found",
          "'" + printable(reference) + "' does not exist in your document area");
    } catch (IOException e) {
      throw new DocumentReferenceException(
          "document_not_found", "'" + printable(reference) + "' cannot be opened");
    }
  }

  private static Path followLink(Path link, String reference) throws DocumentReferenceException {
    try {
      return link.toRealPath();
    } catch (IOException e) {
      throw new DocumentReferenceException(
          "document_not_found", "'" + printable(reference) + "' cannot be opened");
    }
  }

  /** A stored upload. */
  public record StoredDocument(String documentId, String filename, long sizeBytes, String sha256) {}

  /**
   * Stores an upload under {@code <area>/uploads/<id>/} and returns its id. The file name is
   * reduced to safe characters; the id is new, so nothing is ever overwritten.
   *
   * @param area the uploader's area ({@link #areaOf})
   * @throws UploadTooLargeException when the content exceeds {@code MAX_UPLOAD_SIZE_MB}; nothing is
   *     kept
   * @throws InvalidFilenameException when the file name has no name in it ({@code "/"}) or holds a
   *     control character (NUL); nothing is kept
   */
  public StoredDocument store(String filename, InputStream content, String area)
      throws IOException {
    String safeName = safeFilename(filename);
    String id = "doc_" + UUID.randomUUID().toString().replace("-", "");
    // An upload for the bucket is spooled here first (bounded, as any upload), then put and
    // removed.
    Path folder =
        bucketUploads != null
            ? Files.createTempDirectory(Files.createDirectories(scratchRoot()), "upload-")
            : localUploads.folder(area, id);
    Files.createDirectories(folder);
    Path target = folder.resolve(safeName);
    MessageDigest sha256 = sha256();
    long limit = maxUploadSizeMb * 1024 * 1024;
    long written = 0;
    try (OutputStream out =
        new DigestOutputStream(
            Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
            sha256)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = content.read(buffer)) > 0; ) {
        written += n;
        if (written > limit) {
          throw new UploadTooLargeException(maxUploadSizeMb);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(target);
      Files.deleteIfExists(folder);
      throw e;
    }
    String sha = HexFormat.of().formatHex(sha256.digest());
    if (bucketUploads != null) {
      try {
        bucketUploads.put(area, id, safeName, target, sha);
      } finally {
        Files.deleteIfExists(target);
        Files.deleteIfExists(folder);
      }
    }
    return new StoredDocument(id, safeName, written, sha);
  }

  /** Where copies of objects and spooled uploads sit on this node while they are used. */
  public static Path scratchRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "docbatch-scratch");
  }

  /** A safe local file name for a copy of an object named {@code name}. */
  static String scratchName(String name) {
    try {
      return safeFilename(name);
    } catch (InvalidFilenameException e) {
      return "document";
    }
  }

  /** Removes an upload just stored (a replayed request's copy). */
  public void discard(StoredDocument document, String area) throws IOException {
    if (bucketUploads != null) {
      bucketUploads.delete(area, document.documentId(), document.filename());
      return;
    }
    localUploads.delete(area, document.documentId(), document.filename());
  }

  /** Bytes of the uploads kept in an area ({@link #areaOf}). */
  public long uploadBytes(String area) throws IOException {
    long inBucket = bucketUploads == null ? 0 : bucketUploads.bytes(area);
    return inBucket + localUploads.bytes(area);
  }

  /**
   * Removes the uploads nobody has read for {@code unused} (a job reading one marks it read, see
   * {@link #resolve}), in every area: they expire with the last job that used them.
   *
   * @return how many were removed
   */
  public int removeUnusedUploads(Duration unused) throws IOException {
    Instant before = Instant.now().minus(unused);
    int inBucket = bucketUploads == null ? 0 : bucketUploads.removeUsedBefore(before);
    return inBucket + localUploads.removeUsedBefore(before);
  }

  /** An upload over the configured limit. */
  public static class UploadTooLargeException extends IOException {
    public UploadTooLargeException(long limitMb) {
      super("the file is larger than the upload limit of " + limitMb + " MB (MAX_UPLOAD_SIZE_MB)");
    }
  }

  /** An upload whose file name names no file: {@code "/"}, {@code ".."}, or one with a NUL. */
  public static class InvalidFilenameException extends IOException {
    public InvalidFilenameException(String reason) {
      super(reason);
    }
  }

  private Path resolveUpload(Path base, String id) throws DocumentReferenceException {
    Path folder = base.resolve(UPLOADS).resolve(id);
    try (Stream<Path> files = Files.list(folder)) {
      // Read now: kept JOB_TTL from now, so an upload outlives every job that read it.
      Files.setLastModifiedTime(folder, FileTime.from(Instant.now()));
      return files
          .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
          .findFirst()
          .orElseThrow(() -> new IOException("empty upload folder"));
    } catch (IOException e) {
      throw new DocumentReferenceException(
          "document_not_found", "no uploaded document has the id '" + id + "'");
    }
  }

  private static String safeFilename(String filename) throws InvalidFilenameException {
    if (filename != null && filename.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidFilenameException(
          "the upload's file name holds a control character (such as NUL); rename the file");
    }
    // The last segment, split by hand: Path.of refuses some names and "/" has no file name.
    String[] segments = filename == null ? new String[0] : filename.replace('\\', '/').split("/");
    String name = segments.length == 0 ? "" : segments[segments.length - 1];
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      throw new InvalidFilenameException(
          "the upload's file name '"
              + printable(filename)
              + "' names no file; send a name such as scan.png");
    }
    name = UNSAFE_NAME_CHARS.matcher(name).replaceAll("_");
    if (name.isBlank() || name.startsWith(".")) {
      name = "document" + name;
    }
    return name.length() > 200 ? name.substring(name.length() - 200) : name;
  }

  private static DocumentReferenceException outsideRoot(String reference) {
    return new DocumentReferenceException(
        "document_outside_root",
        "'"
            + printable(reference)
            + "' resolves outside your document area; give a path relative to it");
  }

  private static String printable(String reference) {
    String shown = reference.replaceAll("\\p{Cntrl}", "?");
    return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
