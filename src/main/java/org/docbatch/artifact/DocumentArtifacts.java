package org.docbatch.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The artifacts of one document, as the worker processing it writes and reads them: every file a
 * job produces goes through here, written atomically, and its result names it by {@link #apiPath},
 * never by where it is stored.
 */
public final class DocumentArtifacts {

  /** Writes an artifact's bytes. */
  @FunctionalInterface
  public interface Writing {
    void writeTo(OutputStream out) throws IOException;
  }

  private final ArtifactStorage storage;
  private final String jobId;
  private final int index;

  public DocumentArtifacts(ArtifactStorage storage, String jobId, int index) {
    this.storage = storage;
    this.jobId = jobId;
    this.index = index;
  }

  /** Starts writing artifact {@code name}, its media type taken from its extension. */
  public PendingArtifact create(String name) throws IOException {
    return create(name, MediaTypes.of(name));
  }

  /** Starts writing artifact {@code name}; it is visible once committed. */
  public PendingArtifact create(String name, String mediaType) throws IOException {
    return storage.create(key(name), mediaType);
  }

  /** Writes a whole artifact and commits it; a failure leaves nothing behind. */
  public ArtifactInfo write(String name, Writing writing) throws IOException {
    try (PendingArtifact pending = create(name)) {
      writing.writeTo(pending.stream());
      return pending.commit();
    }
  }

  /** Reads a committed artifact of this document (in a pipeline, one an earlier stage wrote). */
  public InputStream open(String name) throws IOException {
    return storage.open(key(name), 0, -1);
  }

  /** This document's committed artifacts. */
  public List<ArtifactInfo> list() throws IOException {
    return storage.list(jobId, index);
  }

  /** The API path a client downloads artifact {@code name} from. */
  public String apiPath(String name) {
    return key(name).apiPath();
  }

  /**
   * A name made from {@code base} (usually the document's name without its extension) that is a
   * valid artifact name: characters a file system or a URL would trip on become {@code _}.
   */
  public static String safeName(String base, String suffix) {
    String cleaned = base.replaceAll("[/\\\\\\p{Cntrl}:*?\"<>|]", "_").replaceFirst("^\\.+", "_");
    int room = ArtifactKey.MAX_NAME_LENGTH - suffix.length();
    if (cleaned.isEmpty()) {
      cleaned = "document";
    }
    return (cleaned.length() > room ? cleaned.substring(0, room) : cleaned) + suffix;
  }

  private ArtifactKey key(String name) {
    return new ArtifactKey(jobId, index, name);
  }
}
