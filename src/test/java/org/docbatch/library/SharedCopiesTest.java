package org.docbatch.library;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedCopiesTest {

  @TempDir Path scratch;
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger downloads = new AtomicInteger();

  /** A download as BucketDocuments makes one: a folder of its own holding the copy. */
  private LocalDocument download(int bytes) {
    downloads.incrementAndGet();
    try {
      Path folder = Files.createTempDirectory(scratch, "s3-");
      Path file = Files.write(folder.resolve("scan.pdf"), new byte[bytes]);
      return new LocalDocument(file, folder, "s3://scans/scan.pdf");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void thePagesOfADocumentReadOneDownloadAndItGoesAfterItsTime() throws Exception {
    SharedCopies copies = new SharedCopies(30_000, 1 << 20, now::get);
    Path file;
    for (int page = 1; page <= 3; page++) {
      try (LocalDocument copy = copies.open("job-1", "s3://scans/scan.pdf", () -> download(10))) {
        file = copy.file();
        assertTrue(Files.exists(file));
      }
    }
    assertEquals(1, downloads.get());
    LocalDocument last = copies.open("job-1", "s3://scans/scan.pdf", () -> download(10));
    last.close();
    last.close(); // a second close hands back nothing more

    now.addAndGet(30_000);
    copies.sweep();

    assertEquals(0, copies.held());
    assertFalse(Files.exists(last.file()), "the copy is removed");
    assertEquals(1, downloads.get());
  }

  @Test
  void anotherJobGetsACopyOfItsOwn() throws Exception {
    SharedCopies copies = new SharedCopies(30_000, 1 << 20, now::get);
    try (LocalDocument a = copies.open("job-1", "s3://scans/scan.pdf", () -> download(10));
        LocalDocument b = copies.open("job-2", "s3://scans/scan.pdf", () -> download(10))) {
      assertFalse(a.file().equals(b.file()));
    }
    assertEquals(2, downloads.get());
  }

  @Test
  void copiesNoRunHoldsAreRemovedOncePastTheirBytes() throws Exception {
    SharedCopies copies = new SharedCopies(30_000, 150, now::get);
    List<Path> files = new ArrayList<>();
    for (int document = 0; document < 3; document++) {
      now.addAndGet(1);
      try (LocalDocument copy =
          copies.open("job-1", "s3://scans/" + document, () -> download(100))) {
        files.add(copy.file());
      }
    }
    assertEquals(1, copies.held(), "only the newest fits in 150 bytes");
    assertFalse(Files.exists(files.get(0)));
    assertFalse(Files.exists(files.get(1)));
    assertTrue(Files.exists(files.get(2)));
  }

  @Test
  void aCopyARunHoldsIsNeverRemoved() throws Exception {
    SharedCopies copies = new SharedCopies(0, 0, now::get);
    try (LocalDocument held = copies.open("job-1", "s3://scans/scan.pdf", () -> download(10))) {
      copies.open("job-1", "s3://scans/other.pdf", () -> download(10)).close();
      copies.sweep();
      assertTrue(Files.exists(held.file()));
    }
    assertEquals(0, copies.held());
  }

  @Test
  void runsStartingTogetherWaitForOneDownload() throws Exception {
    SharedCopies copies = new SharedCopies(30_000, 1 << 20, now::get);
    CountDownLatch downloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService runs = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> pages = new ArrayList<>();
      for (int page = 0; page < 4; page++) {
        pages.add(
            runs.submit(
                () -> {
                  try (LocalDocument copy =
                      copies.open(
                          "job-1",
                          "s3://scans/scan.pdf",
                          () -> {
                            downloading.countDown();
                            awaitQuietly(release);
                            return download(10);
                          })) {
                    return copy.file();
                  }
                }));
      }
      downloading.await();
      // the other runs reach the entry and wait on its download
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> copies.holders("job-1", "s3://scans/scan.pdf") == 4);
      release.countDown();
      for (Future<Path> page : pages) {
        page.get();
      }
    } finally {
      runs.shutdown();
    }
    assertEquals(1, downloads.get());
  }

  @Test
  void aFailedDownloadIsEachWaitingRunsErrorAndIsTriedAgainByTheNext() throws Exception {
    SharedCopies copies = new SharedCopies(30_000, 1 << 20, now::get);
    DocumentReferenceException missing =
        assertThrows(
            DocumentReferenceException.class,
            () ->
                copies.open(
                    "job-1",
                    "s3://scans/scan.pdf",
                    () -> {
                      throw new DocumentReferenceException("document_not_found", "not there");
                    }));
    assertEquals("document_not_found", missing.code());
    assertThrows(
        DocumentStoreOutage.class,
        () ->
            copies.open(
                "job-1",
                "s3://scans/scan.pdf",
                () -> {
                  throw new DocumentStoreOutage("the store is out of reach", null);
                }));
    try (LocalDocument copy = copies.open("job-1", "s3://scans/scan.pdf", () -> download(10))) {
      assertTrue(Files.exists(copy.file()));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
