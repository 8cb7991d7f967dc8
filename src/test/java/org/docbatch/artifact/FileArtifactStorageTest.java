package org.docbatch.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.docbatch.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store: an artifact is listed only once committed, whole. */
class FileArtifactStorageTest {

  @TempDir Path root;

  private ArtifactStorage storage() {
    return new FileArtifactStorage(root);
  }

  @Test
  void aCommittedArtifactIsListedWithItsSizeAndChecksumAndReadByRange() throws IOException {
    ArtifactStorage storage = storage();
    DocumentArtifacts artifacts = new DocumentArtifacts(storage, "job-1", 3);

    ArtifactInfo info =
        artifacts.write(
            "scan.txt", out -> out.write("hello artifact".getBytes(StandardCharsets.UTF_8)));

    assertEquals(List.of(info), storage.list("job-1", 3));
    assertEquals(14, info.sizeBytes());
    assertEquals(Sha256.hex("hello artifact"), info.sha256());
    assertEquals("text/plain; charset=utf-8", info.mediaType());
    try (InputStream in = storage.open(new ArtifactKey("job-1", 3, "scan.txt"), 6, 3)) {
      assertArrayEquals("art".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
    assertEquals(List.of(), storage.list("job-1", 4));
  }

  @Test
  void anUncommittedArtifactIsNeverListedAndADiscardedOneLeavesNothing() throws IOException {
    ArtifactStorage storage = storage();
    PendingArtifact pending = storage.create(new ArtifactKey("job-2", 0, "big.bin"), "x/y");
    pending.stream().write(new byte[100_000]);
    pending.stream().flush();

    // as a worker killed here would leave it: bytes on disk, nothing listed
    assertEquals(List.of(), storage.list("job-2", 0));
    assertTrue(storage.bytesOf("job-2") >= 100_000);

    pending.close();
    assertEquals(0, storage.bytesOf("job-2"));
  }

  @Test
  void aFailedWritingLeavesNothingAndAJobIsDeletedWhole() throws IOException {
    ArtifactStorage storage = storage();
    DocumentArtifacts artifacts = new DocumentArtifacts(storage, "job-3", 0);
    artifacts.write("kept.png", out -> out.write(new byte[10]));
    assertThrows(
        IOException.class,
        () ->
            artifacts.write(
                "broken.png",
                out -> {
                  out.write(new byte[10]);
                  throw new IOException("the renderer failed");
                }));

    assertEquals(List.of("kept.png"), artifacts.list().stream().map(ArtifactInfo::name).toList());
    assertEquals(List.of("job-3"), storage.jobs());
    storage.deleteJob("job-3");
    assertFalse(Files.exists(root.resolve("job-3")));
    assertEquals(List.of(), storage.jobs());
  }

  @Test
  void namesThatCouldLeaveTheDocumentsFolderAreRefused() {
    for (String name : List.of("..", "../x", "a/b", "a\\b", ".meta", "", "x\u0000")) {
      assertFalse(ArtifactKey.isValidName(name), name);
    }
    assertTrue(ArtifactKey.isValidName("scan page 1.alto.xml"));
    assertEquals("_etc_passwd.txt", DocumentArtifacts.safeName("/etc/passwd", ".txt"));
  }
}
