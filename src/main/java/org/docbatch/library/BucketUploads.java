package org.docbatch.library;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.docbatch.s3.ObjectInfo;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.docbatch.s3.S3Location;

/**
 * Uploads kept in a bucket ({@code UPLOAD_ROOT=s3://bucket/prefix}), laid out as in the document
 * root: {@code <prefix>/<area>/uploads/<id>/<file>}. Each upload has a marker object beside its
 * file, rewritten whenever a job names it: its date says when it was last used, as a folder's
 * modification time does on disk.
 */
final class BucketUploads {

  private static final String UPLOADS = "uploads/";
  private static final String USED = ".used";

  private final ObjectStore store;
  private final S3Location root;

  BucketUploads(ObjectStore store, S3Location root) {
    String key = root.key();
    this.store = store;
    this.root =
        key.isEmpty() || key.endsWith("/") ? root : new S3Location(root.bucket(), key + "/");
  }

  S3Location root() {
    return root;
  }

  private S3Location uploads(String area) {
    return area.isEmpty() ? root.resolve(UPLOADS) : root.resolve(area + "/" + UPLOADS);
  }

  /** Where an upload's file goes. */
  S3Location location(String area, String id, String filename) {
    return uploads(area).resolve(id + "/" + filename);
  }

  /** Stores a file spooled on this node as the upload's object. */
  void put(String area, String id, String filename, Path file, String sha256)
      throws ObjectStoreException {
    store.put(
        location(area, id, filename), file, "application/octet-stream", Map.of("sha256", sha256));
    markUsed(area, id);
  }

  /** The upload's object, marked used now; empty when there is no such upload. */
  Optional<S3Location> find(String area, String id) throws ObjectStoreException {
    S3Location folder = uploads(area).resolve(id + "/");
    Optional<S3Location> file;
    try (Stream<ObjectInfo> objects = store.list(folder, null)) {
      file = objects.map(ObjectInfo::location).filter(o -> !o.fileName().equals(USED)).findFirst();
    } catch (ObjectStore.ListingFailure e) {
      throw e.getCause();
    }
    if (file.isPresent()) {
      markUsed(area, id);
    }
    return file;
  }

  private void markUsed(String area, String id) throws ObjectStoreException {
    store.put(uploads(area).resolve(id + "/" + USED), new byte[0], "application/octet-stream");
  }

  void delete(String area, String id, String filename) throws ObjectStoreException {
    store.delete(location(area, id, filename));
    store.delete(uploads(area).resolve(id + "/" + USED));
  }

  /** Bytes of an area's uploads. */
  long bytes(String area) throws ObjectStoreException {
    try (Stream<ObjectInfo> objects = store.list(uploads(area), null)) {
      return objects.mapToLong(ObjectInfo::size).sum();
    } catch (ObjectStore.ListingFailure e) {
      throw e.getCause();
    }
  }

  /**
   * Removes the uploads of every area last used before {@code before}.
   *
   * @return how many were removed
   */
  int removeUsedBefore(Instant before) throws IOException {
    // An upload's objects are listed together (key order): its newest date is its last use.
    Map<String, List<ObjectInfo>> uploads = new HashMap<>();
    try (Stream<ObjectInfo> objects = store.list(root, null)) {
      objects.forEach(
          o -> {
            String folder = uploadFolder(o.location().key());
            if (folder != null) {
              uploads.computeIfAbsent(folder, f -> new ArrayList<>()).add(o);
            }
          });
    } catch (ObjectStore.ListingFailure e) {
      throw e.getCause();
    }
    int removed = 0;
    for (List<ObjectInfo> objects : uploads.values()) {
      Instant last =
          objects.stream()
              .map(ObjectInfo::lastModified)
              .max(Comparator.naturalOrder())
              .orElseThrow();
      if (last.isBefore(before)) {
        for (ObjectInfo o : objects) {
          store.delete(o.location());
        }
        removed++;
      }
    }
    return removed;
  }

  /** {@code .../uploads/doc_<id>/} of a key in an upload, else null. */
  private String uploadFolder(String key) {
    String[] segments = key.substring(root.key().length()).split("/");
    int n = segments.length;
    if (n >= 3
        && segments[n - 3].equals("uploads")
        && DocumentLibrary.UPLOAD_ID.matcher(segments[n - 2]).matches()) {
      return key.substring(0, key.length() - segments[n - 1].length());
    }
    return null;
  }
}
