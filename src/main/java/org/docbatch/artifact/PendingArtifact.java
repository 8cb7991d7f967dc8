package org.docbatch.artifact;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An artifact being written: its bytes go to {@link #stream()}, and it becomes visible (listed,
 * downloadable) only when {@link #commit()} returns. Closing it without a commit discards what was
 * written. A writer killed before the commit leaves nothing a reader can see: the filesystem store
 * writes under a temporary name and renames, object storage makes an upload visible as it
 * completes.
 */
public interface PendingArtifact extends AutoCloseable {

  /** Where the artifact's bytes go; closed by {@link #commit()} or {@link #close()}. */
  OutputStream stream();

  /** Makes the artifact visible, replacing one of the same name, and says what it is. */
  ArtifactInfo commit() throws IOException;

  /** Discards the artifact unless it was committed. */
  @Override
  void close();
}
