package org.docbatch.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.docbatch.digest.Sha256;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStorage} promises, run against each store (the folder, the bucket):
 * nothing is visible before its commit, ranges read what they say, a job goes whole, and the
 * sweeper and the quota see what is there. Each test uses job ids of its own, so a store may be
 * shared by the tests of a class.
 */
abstract class ArtifactStorageContract {

  /** The store under test, empty of the jobs these tests name. */
  abstract ArtifactStorage storage() throws IOException;

  @Test
  void aCommittedArtifactIsListedWithItsSizeAndChecksumAndReadByRange() throws IOException {
    ArtifactStorage storage = storage();
    DocumentArtifacts artifacts = new DocumentArtifacts(storage, "contract-1", 3);
    byte[] big = new byte[200_000];
    new Random(1).nextBytes(big);

    ArtifactInfo info =
        artifacts.write(
            "scan.txt", out -> out.write("hello artifact".getBytes(StandardCharsets.UTF_8)));
    ArtifactInfo page = artifacts.write("page 1.png", out -> out.write(big));

    assertEquals(List.of(page, info), storage.list("contract-1", 3));
    assertEquals(14, info.sizeBytes());
    assertEquals(Sha256.hex("hello artifact"), info.sha256());
    assertEquals("text/plain; charset=utf-8", info.mediaType());
    assertEquals(Optional.of(info), storage.find(new ArtifactKey("contract-1", 3, "scan.txt")));
    assertEquals(Optional.empty(), storage.find(new ArtifactKey("contract-1", 3, "none.txt")));
    assertEquals(List.of(), storage.list("contract-1", 4));
    assertEquals(List.of(), storage.list("contract-1", 30), "not a prefix match of index 3");

    try (InputStream in = storage.open(new ArtifactKey("contract-1", 3, "scan.txt"), 6, 3)) {
      assertArrayEquals("art".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
    ArtifactKey pageKey = new ArtifactKey("contract-1", 3, "page 1.png");
    try (InputStream in = storage.open(pageKey, 150_000, -1)) {
      assertArrayEquals(Arrays.copyOfRange(big, 150_000, big.length), in.readAllBytes());
    }
    try (InputStream in = storage.open(pageKey, 0, -1)) {
      assertArrayEquals(big, in.readAllBytes());
    }
    try (InputStream in = storage.open(pageKey, 199_999, 1)) {
      assertArrayEquals(new byte[] {big[199_999]}, in.readAllBytes());
    }
  }

  @Test
  void anEmptyArtifactIsOneToo() throws IOException {
    ArtifactStorage storage = storage();
    ArtifactInfo empty =
        new DocumentArtifacts(storage, "contract-2", 0).write("empty.txt", out -> {});

    assertEquals(0, empty.sizeBytes());
    assertEquals(List.of(empty), storage.list("contract-2", 0));
    try (InputStream in = storage.open(new ArtifactKey("contract-2", 0, "empty.txt"), 0, 0)) {
      assertEquals(0, in.readAllBytes().length);
    }
    try (InputStream in = storage.open(new ArtifactKey("contract-2", 0, "empty.txt"), 0, -1)) {
      assertEquals(0, in.readAllBytes().length);
    }
  }

  @Test
  void anUncommittedArtifactIsNeverSeenAndADiscardedOneLeavesNothing() throws IOException {
    ArtifactStorage storage = storage();
    ArtifactKey key = new ArtifactKey("contract-3", 0, "big.bin");
    PendingArtifact pending = storage.create(key, "application/octet-stream");
    pending.stream().write(new byte[100_000]);
    pending.stream().flush();

    // as a worker killed here would leave it: nothing listed, nothing found
    assertEquals(List.of(), storage.list("contract-3", 0));
    assertEquals(Optional.empty(), storage.find(key));

    pending.close();
    assertEquals(List.of(), storage.list("contract-3", 0));
    assertEquals(0, storage.bytesOf("contract-3"));
    assertThrows(IllegalStateException.class, pending::commit);
  }

  @Test
  void aReplacedArtifactIsReadWithItsNewMetadata() throws IOException {
    ArtifactStorage storage = storage();
    DocumentArtifacts artifacts = new DocumentArtifacts(storage, "contract-4", 0);
    artifacts.write("out.txt", out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
    ArtifactInfo second =
        artifacts.write("out.txt", out -> out.write("second!".getBytes(StandardCharsets.UTF_8)));

    assertEquals(List.of(second), artifacts.list());
    assertEquals(Sha256.hex("second!"), second.sha256());
    try (InputStream in = artifacts.open("out.txt")) {
      assertEquals("second!", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFailedWritingLeavesNothingAndAJobIsDeletedWhole() throws IOException {
    ArtifactStorage storage = storage();
    DocumentArtifacts first = new DocumentArtifacts(storage, "contract-5", 0);
    DocumentArtifacts second = new DocumentArtifacts(storage, "contract-5", 7);
    DocumentArtifacts neighbour = new DocumentArtifacts(storage, "contract-50", 0);
    first.write("kept.png", out -> out.write(new byte[10]));
    second.write("also.png", out -> out.write(new byte[1000]));
    neighbour.write("stays.png", out -> out.write(new byte[5]));
    assertThrows(
        IOException.class,
        () ->
            first.write(
                "broken.png",
                out -> {
                  out.write(new byte[10]);
                  throw new IOException("the renderer failed");
                }));

    assertEquals(List.of("kept.png"), first.list().stream().map(ArtifactInfo::name).toList());
    assertTrue(storage.jobs().containsAll(List.of("contract-5", "contract-50")), "jobs()");
    // the artifacts and their metadata, whatever a store's metadata takes
    assertTrue(storage.bytesOf("contract-5") >= 1010, "bytesOf " + storage.bytesOf("contract-5"));
    assertTrue(storage.bytesOf("contract-5") < 10_000, "bytesOf " + storage.bytesOf("contract-5"));

    storage.deleteJob("contract-5");
    assertEquals(List.of(), first.list());
    assertEquals(List.of(), second.list());
    assertEquals(0, storage.bytesOf("contract-5"));
    assertFalse(storage.jobs().contains("contract-5"));
    assertEquals(1, neighbour.list().size(), "a job whose id starts the same is not touched");
    assertTrue(storage.jobs().contains("contract-50"));
    storage.deleteJob("contract-5"); // again, as two nodes' sweeps may
    storage.deleteJob("../contract-50"); // not a job id: nothing
    assertEquals(1, neighbour.list().size());
  }
}
