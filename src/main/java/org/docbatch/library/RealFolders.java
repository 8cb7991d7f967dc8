package org.docbatch.library;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Where the folders of documents really are, links followed, remembered for a second: the documents
 * of a job sit in a few folders, and following every link on the way for each of thousands of
 * documents cost a system call per folder on the way, per document. A folder replaced by a link is
 * seen within {@link #TTL_NANOS}: no wider than the moment between resolving a document and opening
 * it, which only someone who can write to the document root can use anyway.
 */
final class RealFolders {

  static final long TTL_NANOS = 1_000_000_000L;
  private static final int MAX = 1024;

  private record Known(Path real, long until) {}

  private final Path root;
  private final Map<Path, Known> known = new ConcurrentHashMap<>();

  /** Nanoseconds now (tests move it on). */
  LongSupplier clock = System::nanoTime;

  /**
   * @param root a folder whose path is real already (no link on it)
   */
  RealFolders(Path root) {
    this.root = root;
  }

  /** The real path of {@code folder}, an absolute, normalized path. */
  Path of(Path folder) throws IOException {
    if (folder.equals(root)) {
      return root;
    }
    long now = clock.getAsLong();
    Known seen = known.get(folder);
    if (seen != null && now - seen.until() < 0) {
      return seen.real();
    }
    Path real = folder.toRealPath();
    if (known.size() >= MAX) {
      known.clear();
    }
    known.put(folder, new Known(real, now + TTL_NANOS));
    return real;
  }
}
