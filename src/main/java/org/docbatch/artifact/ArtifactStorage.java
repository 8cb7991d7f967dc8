package org.docbatch.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where artifacts are kept: one implementation per kind of storage ({@link FileArtifactStorage}
 * under {@code OUTPUT_ROOT} now; object storage fits the same shape). Each keeps an artifact's
 * metadata ({@link ArtifactInfo}) with its bytes, so that an artifact is listed only once whole,
 * and removing a job's artifacts removes all there is of them.
 *
 * <p>Failures are {@link ArtifactStorageException}s whose messages name the artifact, never a
 * server path: they reach API clients in documents' errors.
 */
public interface ArtifactStorage {

  /** Starts writing an artifact; nothing is visible before {@link PendingArtifact#commit()}. */
  PendingArtifact create(ArtifactKey key, String mediaType) throws IOException;

  /** The committed artifacts of one document, by name. */
  List<ArtifactInfo> list(String jobId, int index) throws IOException;

  /** One committed artifact, if there is one. */
  Optional<ArtifactInfo> find(ArtifactKey key) throws IOException;

  /**
   * The bytes of a committed artifact from {@code offset}, {@code length} of them ({@code -1}: to
   * the end).
   */
  InputStream open(ArtifactKey key, long offset, long length) throws IOException;

  /** Removes every artifact of the job, and whatever was left half written. */
  void deleteJob(String jobId) throws IOException;

  /** The ids of the jobs that have anything stored, for the sweeper that removes expired ones. */
  List<String> jobs() throws IOException;

  /** Bytes stored for the job, committed or not. */
  long bytesOf(String jobId) throws IOException;
}
