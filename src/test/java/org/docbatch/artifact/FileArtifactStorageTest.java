package org.docbatch.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store: the contract, and what it keeps on disk meanwhile. */
class FileArtifactStorageTest extends ArtifactStorageContract {

  @TempDir Path root;

  @Override
  ArtifactStorage storage() {
    return new FileArtifactStorage(root);
  }

  @Test
  void anUncommittedArtifactCountsAgainstTheQuotaAndADeletedJobLeavesNoFolder() throws IOException {
    ArtifactStorage storage = storage();
    try (PendingArtifact pending = storage.create(new ArtifactKey("job-2", 0, "big.bin"), "x/y")) {
      pending.stream().write(new byte[100_000]);
      pending.stream().flush();
      // bytes on the shared disk, unlisted
      assertTrue(storage.bytesOf("job-2") >= 100_000);
      assertEquals(List.of(), storage.list("job-2", 0));
    }
    assertEquals(0, storage.bytesOf("job-2"));

    new DocumentArtifacts(storage, "job-3", 0).write("kept.png", out -> out.write(new byte[10]));
    storage.deleteJob("job-3");
    assertFalse(Files.exists(root.resolve("job-3")));
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
