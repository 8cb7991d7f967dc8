package org.docbatch.artifact;

import jakarta.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.docbatch.json.Json;
import org.docbatch.s3.ObjectInfo;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.docbatch.s3.S3Location;

/**
 * Artifacts as objects under a prefix ({@code OUTPUT_ROOT=s3://bucket/prefix}): {@code
 * <job>/<index>/<name>}, with each one's metadata in {@code <job>/<index>/.meta/<name>.json}, the
 * layout of {@link FileArtifactStorage}. A write is spooled to a file of the node's own and put
 * when committed: the content object first, then its metadata, which is the commit. A worker killed
 * before it leaves nothing in the bucket; one killed between the two puts leaves an unlisted object
 * that goes with the job. Nodes share what is written, so none needs a shared folder.
 */
public final class S3ArtifactStorage implements ArtifactStorage {

  private static final Logger LOG = Logger.getLogger(S3ArtifactStorage.class.getName());
  private static final String META = ".meta/";
  private static final String META_TYPE = "application/json";
  private static final Pattern CHARSET_UTF8 =
      Pattern.compile("charset=utf-8", Pattern.CASE_INSENSITIVE);

  private final ObjectStore store;
  private final S3Location root;
  private final Path spool;

  /**
   * @param root the prefix artifacts go under ({@code /} added if missing)
   * @param spool a folder of this node's for artifacts being written; created when needed
   */
  public S3ArtifactStorage(ObjectStore store, S3Location root, Path spool) {
    this.store = store;
    this.root =
        root.key().isEmpty() || root.key().endsWith("/")
            ? root
            : new S3Location(root.bucket(), root.key() + "/");
    this.spool = spool.toAbsolutePath().normalize();
  }

  /** The node's folder where artifacts wait for their commit (for the disk gauges). */
  public Path spool() {
    return spool;
  }

  private S3Location job(String jobId) {
    return root.resolve(jobId + "/");
  }

  private S3Location document(String jobId, int index) {
    return root.resolve(jobId + "/" + index + "/");
  }

  private S3Location object(ArtifactKey key) {
    return document(key.jobId(), key.index()).resolve(key.name());
  }

  private S3Location meta(ArtifactKey key) {
    return document(key.jobId(), key.index()).resolve(META + key.name() + ".json");
  }

  @Override
  public PendingArtifact create(ArtifactKey key, String mediaType) throws IOException {
    Path temp = null;
    try {
      Files.createDirectories(spool);
      temp = Files.createTempFile(spool, "artifact-", ".part");
      return new SpooledPending(key, mediaType, temp);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure("could not start writing", key, String.valueOf(temp), e);
    }
  }

  private final class SpooledPending implements PendingArtifact {
    private final ArtifactKey key;
    private final String mediaType;
    private final Path temp;
    private final HashingOutputStream stream;
    private boolean done;

    SpooledPending(ArtifactKey key, String mediaType, Path temp) throws IOException {
      this.key = key;
      this.mediaType = mediaType;
      this.temp = temp;
      this.stream =
          new HashingOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 65_536));
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public ArtifactInfo commit() throws IOException {
      if (done) {
        throw new IllegalStateException("committed or discarded already");
      }
      S3Location object = object(key);
      try {
        stream.close();
        ArtifactInfo info =
            new ArtifactInfo(key.name(), mediaType, stream.count(), stream.sha256(), Instant.now());
        // Unlisted first, so that a reader never pairs an old artifact's metadata with new bytes.
        store.delete(meta(key));
        store.put(object, temp, objectContentType(mediaType), Map.of());
        store.put(meta(key), info.toJson().toString().getBytes(StandardCharsets.UTF_8), META_TYPE);
        return info;
      } catch (IOException e) {
        throw failure("could not write", key, object.toString(), e);
      } finally {
        close();
      }
    }

    @Override
    public void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        stream.close();
      } catch (IOException e) {
        // the spooled file is removed next, whatever was left in its buffer
      }
      deleteQuietly(temp);
    }
  }

  /**
   * The media type as the object's {@code Content-Type}, its charset spelled {@code UTF-8}: a
   * server behind Jetty (S3Proxy) signs the header as Jetty normalises it, and it rewrites {@code
   * text/plain;charset=utf-8} and {@code text/html;charset=utf-8} so, which fails the upload's
   * signature check (403). Charset names are case-insensitive; the API serves the media type as
   * written, from the metadata.
   */
  static String objectContentType(String mediaType) {
    return CHARSET_UTF8.matcher(mediaType).replaceAll("charset=UTF-8");
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.log(Level.FINE, "DOCBATCH-1741 could not remove the spooled artifact " + temp, e);
    }
  }

  @Override
  public List<ArtifactInfo> list(String jobId, int index) throws IOException {
    S3Location folder = document(jobId, index);
    Map<String, Long> sizes = new HashMap<>();
    List<String> metas = new ArrayList<>();
    try (Stream<ObjectInfo> objects = store.list(folder, null)) {
      Iterator<ObjectInfo> each = objects.iterator();
      while (each.hasNext()) {
        ObjectInfo o = each.next();
        String rest = o.location().key().substring(folder.key().length());
        if (rest.startsWith(META) && rest.endsWith(".json")) {
          metas.add(rest.substring(META.length(), rest.length() - ".json".length()));
        } else if (ArtifactKey.isValidName(rest)) {
          sizes.put(rest, o.size());
        }
      }
    } catch (ObjectStore.ListingFailure e) {
      throw failure("could not list", new ArtifactKey(jobId, index, "artifacts"), folder, e);
    }
    List<ArtifactInfo> found = new ArrayList<>();
    for (String name : metas) {
      if (ArtifactKey.isValidName(name) && sizes.containsKey(name)) {
        readMeta(new ArtifactKey(jobId, index, name))
            .filter(info -> info.sizeBytes() == sizes.get(name))
            .ifPresent(found::add);
      }
    }
    found.sort(Comparator.comparing(ArtifactInfo::name));
    return found;
  }

  @Override
  public Optional<ArtifactInfo> find(ArtifactKey key) throws IOException {
    Optional<ArtifactInfo> info = readMeta(key);
    if (info.isEmpty()) {
      return info;
    }
    try {
      // Metadata without its whole object (removed by hand, half a commit) is not an artifact.
      return store
          .head(object(key))
          .filter(o -> o.size() == info.get().sizeBytes())
          .flatMap(o -> info);
    } catch (IOException e) {
      throw failure("could not read", key, object(key), e);
    }
  }

  private Optional<ArtifactInfo> readMeta(ArtifactKey key) throws IOException {
    S3Location meta = meta(key);
    try (InputStream in = store.open(meta, 0, -1)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonObject json;
      try (var reader = Json.createReader(new StringReader(text))) {
        json = reader.readObject();
      }
      return Optional.of(ArtifactInfo.of(json));
    } catch (ObjectStoreException.NotFound e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw failure("could not read the metadata of", key, meta, e);
    }
  }

  @Override
  public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
    if (length == 0) {
      return InputStream.nullInputStream(); // a Range cannot ask for no bytes at all
    }
    S3Location object = object(key);
    try {
      return store.open(object, offset, length);
    } catch (IOException e) {
      throw failure("could not read", key, object, e);
    }
  }

  @Override
  public void deleteJob(String jobId) throws IOException {
    if (!ArtifactKey.isValidJobId(jobId)) {
      return;
    }
    try {
      store.deletePrefix(job(jobId));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "DOCBATCH-1740 could not remove " + job(jobId), e);
      throw new ArtifactStorageException("could not remove the artifacts of job " + jobId, e);
    }
  }

  @Override
  public List<String> jobs() throws IOException {
    try (Stream<S3Location> folders = store.listFolders(root)) {
      List<String> jobs = new ArrayList<>();
      Iterator<S3Location> each = folders.iterator();
      while (each.hasNext()) {
        String key = each.next().key();
        String name = key.substring(root.key().length(), key.length() - 1);
        if (ArtifactKey.isValidJobId(name)) {
          jobs.add(name);
        }
      }
      return jobs;
    } catch (ObjectStore.ListingFailure e) {
      LOG.log(Level.WARNING, "DOCBATCH-1740 could not list " + root, e.getCause());
      throw new ArtifactStorageException("could not list the jobs that have artifacts", e);
    }
  }

  /** Bytes in the bucket for the job; an artifact still being written is on its node's disk. */
  @Override
  public long bytesOf(String jobId) throws IOException {
    if (!ArtifactKey.isValidJobId(jobId)) {
      return 0;
    }
    try (Stream<ObjectInfo> objects = store.list(job(jobId), null)) {
      return objects.mapToLong(ObjectInfo::size).sum();
    } catch (ObjectStore.ListingFailure e) {
      LOG.log(Level.WARNING, "DOCBATCH-1740 could not list " + job(jobId), e.getCause());
      throw new ArtifactStorageException("could not measure the artifacts of job " + jobId, e);
    }
  }

  /** Logs the failure with its location, and answers it without. */
  private static ArtifactStorageException failure(
      String what, ArtifactKey key, Object location, Exception e) {
    Throwable cause = e instanceof ObjectStore.ListingFailure listing ? listing.getCause() : e;
    LOG.log(Level.WARNING, "DOCBATCH-1740 " + what + " artifact " + location, cause);
    return new ArtifactStorageException(
        what + " artifact '" + key.name() + "' (" + cause.getClass().getSimpleName() + ")", cause);
  }
}
