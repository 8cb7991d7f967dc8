package org.docbatch.library;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Scratch copies of objects that several runs of one job on this node read: a paged document's page
 * partitions and its assembly each opened the object, and each downloaded all of it again (a
 * 24-page PDF: 25 downloads of the whole file on one node). Now the first run on a node downloads
 * it, runs that start meanwhile wait for that download, and later ones reuse the copy.
 *
 * <p>A copy no run holds is kept {@code keepMillis} for the next page, and removed sooner when the
 * copies no run holds pass {@code keepBytes} together (oldest first), so the scratch folder stays
 * bounded however many documents a node reads. A failed download is not kept: each waiting run gets
 * its error, and the next run tries again.
 */
final class SharedCopies {

  /** Makes the copy when no run on this node holds one. */
  interface Copier {
    LocalDocument copy() throws DocumentReferenceException;
  }

  private record Key(String jobId, String reference) {}

  private static final class Entry {
    final CompletableFuture<LocalDocument> copy = new CompletableFuture<>();
    int users;
    long bytes;
    long releasedAt;
  }

  private final long keepMillis;
  private final long keepBytes;
  private final LongSupplier clock;
  private final Map<Key, Entry> entries = new HashMap<>(); // guarded by this

  SharedCopies(long keepMillis, long keepBytes, LongSupplier clock) {
    this.keepMillis = keepMillis;
    this.keepBytes = keepBytes;
    this.clock = clock;
  }

  /** The job's copy of {@code reference}, made by {@code copier} if this node has none. */
  LocalDocument open(String jobId, String reference, Copier copier)
      throws DocumentReferenceException {
    Key key = new Key(jobId, reference);
    Entry entry;
    boolean mine;
    synchronized (this) {
      entry = entries.get(key);
      mine = entry == null;
      if (mine) {
        entry = new Entry();
        entries.put(key, entry);
      }
      entry.users++;
    }
    if (mine) {
      make(key, entry, copier);
    }
    LocalDocument copy;
    try {
      copy = entry.copy.join();
    } catch (CompletionException e) {
      // the download failed for the run that made it: its entry is gone already
      if (e.getCause() instanceof DocumentReferenceException refused) {
        throw new DocumentReferenceException(refused.code(), refused.getMessage());
      }
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    }
    Entry held = entry;
    AtomicBoolean released = new AtomicBoolean();
    return copy.releasedBy(
        () -> {
          if (released.compareAndSet(false, true)) {
            release(key, held);
          }
        });
  }

  private void make(Key key, Entry entry, Copier copier) {
    try {
      LocalDocument copy = copier.copy();
      entry.bytes = sizeOf(copy);
      entry.copy.complete(copy);
    } catch (DocumentReferenceException | RuntimeException e) {
      synchronized (this) {
        entries.remove(key, entry);
      }
      entry.copy.completeExceptionally(e);
    }
  }

  private void release(Key key, Entry entry) {
    List<LocalDocument> removed;
    synchronized (this) {
      entry.users--;
      entry.releasedAt = clock.getAsLong();
      removed = evict();
    }
    removed.forEach(LocalDocument::close);
  }

  /** Takes out the copies no run holds that waited too long or are too many bytes together. */
  private List<LocalDocument> evict() {
    long now = clock.getAsLong();
    List<Map.Entry<Key, Entry>> idle = new ArrayList<>();
    long idleBytes = 0;
    for (Map.Entry<Key, Entry> each : entries.entrySet()) {
      if (each.getValue().users == 0 && each.getValue().copy.isDone()) {
        idle.add(each);
        idleBytes += each.getValue().bytes;
      }
    }
    idle.sort(Comparator.comparingLong(each -> each.getValue().releasedAt));
    List<LocalDocument> removed = new ArrayList<>();
    for (Map.Entry<Key, Entry> each : idle) {
      Entry entry = each.getValue();
      if (now - entry.releasedAt < keepMillis && idleBytes <= keepBytes) {
        break;
      }
      entries.remove(each.getKey());
      idleBytes -= entry.bytes;
      removed.add(entry.copy.join());
    }
    return removed;
  }

  /** Removes every copy no run holds that has waited its time (called now and then). */
  void sweep() {
    List<LocalDocument> removed;
    synchronized (this) {
      removed = evict();
    }
    removed.forEach(LocalDocument::close);
  }

  synchronized int held() {
    return entries.size();
  }

  /** How many runs hold (or wait for) the job's copy of {@code reference} now. */
  synchronized int holders(String jobId, String reference) {
    Entry entry = entries.get(new Key(jobId, reference));
    return entry == null ? 0 : entry.users;
  }

  private static long sizeOf(LocalDocument copy) {
    try {
      return java.nio.file.Files.size(copy.file());
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
