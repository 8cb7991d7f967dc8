package org.docbatch.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document references resolved on a real file system: what is inside an area, and what is not. */
class DocumentLibraryTest {

  @TempDir Path dir;
  private Path root;
  private Path outside;
  private DocumentLibrary library;
  private final AtomicLong nanos = new AtomicLong();

  @BeforeEach
  void setUp() throws IOException {
    root = dir.resolve("documents");
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("secret.txt"), "not yours");
    library = new DocumentLibrary();
    library.documentRoot = root.toString();
    library.init();
    library.folders().clock = nanos::get;
    Files.createDirectories(root.resolve("scans/2026"));
    Files.writeString(root.resolve("a.txt"), "a");
    Files.writeString(root.resolve("scans/2026/b.txt"), "b");
  }

  /** Issue 22 item 5: an upload named "/" or holding a NUL failed with a 500. */
  @Test
  void anUploadWhoseNameNamesNoFileIsRefusedAndNothingIsKept() throws Exception {
    library.maxUploadSizeMb = 1;
    for (String name : new String[] {"/", "scan\u0000.png", "..", "", "\\", "\u0007bell"}) {
      assertThrows(
          DocumentLibrary.InvalidFilenameException.class,
          () -> library.store(name, new java.io.ByteArrayInputStream(new byte[] {1}), ""),
          "'" + name + "'");
    }
    assertEquals(
        "b.png",
        library.store("a/b.png", new java.io.ByteArrayInputStream(new byte[] {1}), "").filename());
    try (var uploads = Files.list(root.resolve("uploads"))) {
      assertEquals(1, uploads.count(), "only the good upload was kept");
    }
  }

  /** Issue 22: a job without a stored area resolved its references in the whole root. */
  @Test
  void aJobWithoutAnAreaResolvesNothing() {
    DocumentReferenceException refused =
        assertThrows(DocumentReferenceException.class, () -> library.resolve("a.txt", null));
    assertEquals("document_outside_root", refused.code());
  }

  @Test
  void filesInTheRootAndItsFoldersResolveToTheirRealPaths() throws Exception {
    assertEquals(root.toRealPath().resolve("a.txt"), library.resolve("a.txt"));
    assertEquals(
        root.toRealPath().resolve("scans/2026/b.txt"), library.resolve("scans/./2026/b.txt"));
  }

  @Test
  void linksAreFollowedAndMayNotLeadOutOfTheArea() throws Exception {
    Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("a.txt"));
    Files.createSymbolicLink(root.resolve("outside-link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("outside-folder"), outside);

    assertEquals(root.toRealPath().resolve("a.txt"), library.resolve("inside-link.txt"));
    assertEquals("document_outside_root", code("outside-link.txt", ""));
    assertEquals("document_outside_root", code("outside-folder/secret.txt", ""));
    assertEquals("document_outside_root", code("../elsewhere/secret.txt", ""));
    assertEquals("document_outside_root", code("../../a.txt", "users/alice"));
  }

  @Test
  void aFolderReplacedByALinkIsSeenWithinASecond() throws Exception {
    assertEquals(
        root.toRealPath().resolve("scans/2026/b.txt"), library.resolve("scans/2026/b.txt"));
    Files.move(root.resolve("scans/2026"), root.resolve("scans/2025"));
    Files.copy(outside.resolve("secret.txt"), outside.resolve("b.txt"));
    Files.createSymbolicLink(root.resolve("scans/2026"), outside);

    nanos.addAndGet(RealFolders.TTL_NANOS);

    assertEquals("document_outside_root", code("scans/2026/b.txt", ""));
  }

  @Test
  void whatIsMissingOrNotAFileIsNamedSo() throws Exception {
    Files.createSymbolicLink(root.resolve("dangling.txt"), root.resolve("gone.txt"));

    assertEquals("document_not_found", code("missing.txt", ""));
    assertEquals("document_not_found", code("nowhere/missing.txt", ""));
    assertEquals("document_not_found", code("dangling.txt", ""));
    assertEquals("not_a_file", code("scans", ""));
    assertEquals("not_a_file", code(".", ""));
    assertEquals("invalid_document", code("", ""));
  }

  private String code(String reference, String area) {
    return assertThrows(DocumentReferenceException.class, () -> library.resolve(reference, area))
        .code();
  }
}
