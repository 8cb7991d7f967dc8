package org.docbatch.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import org.docbatch.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bucket store against a real S3-compatible server (S3Proxy): the contract, and that an
 * artifact being written is in no object until its commit, and its spooled file goes after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ArtifactStorageIT extends ArtifactStorageContract {

  private final Path work = Path.of("target/it-work/s3-artifact-storage").toAbsolutePath();
  private S3ProxyServer s3;
  private S3Client client;
  private ObjectStore store;

  @BeforeAll
  void start() throws IOException {
    s3 = S3ProxyServer.start(work.resolve("s3"));
    s3.createBucket("outputs");
    client = s3.client();
    store = ObjectStore.over(client);
  }

  @AfterAll
  void stop() {
    client.close();
    s3.close();
  }

  @Override
  ArtifactStorage storage() {
    return new S3ArtifactStorage(
        store, S3Location.parse("s3://outputs/node-a/artifacts"), work.resolve("spool"));
  }

  private List<String> keys(String prefix) {
    try (Stream<org.docbatch.s3.ObjectInfo> objects =
        store.list(S3Location.parse("s3://outputs/" + prefix), null)) {
      return objects.map(o -> o.location().key()).toList();
    }
  }

  private long spooled() throws IOException {
    if (!Files.isDirectory(work.resolve("spool"))) {
      return 0;
    }
    try (Stream<Path> files = Files.list(work.resolve("spool"))) {
      return files.count();
    }
  }

  @Test
  void nothingIsInTheBucketBeforeTheCommitAndTheSpooledFileGoesAfter() throws IOException {
    ArtifactStorage storage = storage();
    ArtifactKey key = new ArtifactKey("s3-only-1", 2, "scan.pdf");
    try (PendingArtifact pending = storage.create(key, "application/pdf")) {
      pending.stream().write(new byte[50_000]);
      pending.stream().flush();
      assertEquals(List.of(), keys("node-a/artifacts/s3-only-1/"));
      assertEquals(1, spooled());
      pending.commit();
    }
    assertEquals(0, spooled());
    assertEquals(
        List.of(
            "node-a/artifacts/s3-only-1/2/.meta/scan.pdf.json",
            "node-a/artifacts/s3-only-1/2/scan.pdf"),
        keys("node-a/artifacts/s3-only-1/"));
    assertTrue(storage.jobs().contains("s3-only-1"));
  }

  @Test
  void aMetadataObjectWithoutItsWholeContentIsNoArtifact() throws IOException {
    ArtifactStorage storage = storage();
    new DocumentArtifacts(storage, "s3-only-2", 0).write("a.txt", out -> out.write(new byte[10]));
    // as a commit that died between its two puts, over an earlier artifact of the same name
    store.put(
        S3Location.parse("s3://outputs/node-a/artifacts/s3-only-2/0/a.txt"),
        new byte[3],
        "text/plain");

    assertEquals(List.of(), storage.list("s3-only-2", 0));
    assertTrue(storage.find(new ArtifactKey("s3-only-2", 0, "a.txt")).isEmpty());
  }

  @Test
  void aStoreOutOfReachIsAFailureThatNamesTheArtifactNotTheBucket() throws Exception {
    ArtifactStorage storage = storage();
    s3.stop();
    try {
      ArtifactStorageException e =
          assertThrows(
              ArtifactStorageException.class,
              () ->
                  new DocumentArtifacts(storage, "s3-only-3", 0)
                      .write("lost.txt", out -> out.write(new byte[10])));
      assertTrue(e.getMessage().contains("'lost.txt'"), e.getMessage());
      assertTrue(!e.getMessage().contains("outputs"), e.getMessage());
      assertEquals(0, spooled(), "the spooled file goes whatever happens");
    } finally {
      s3.restart();
    }
  }
}
