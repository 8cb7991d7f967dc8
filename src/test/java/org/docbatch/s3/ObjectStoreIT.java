package org.docbatch.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.docbatch.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The object store client against a real S3-compatible server (S3Proxy). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreIT {

  private final Path work = Path.of("target/it-work/object-store");
  private S3ProxyServer s3;
  private ObjectStore store;

  @BeforeAll
  void start() throws IOException {
    s3 = S3ProxyServer.start(work.resolve("s3"));
    s3.createBucket("scans");
    store = new ObjectStore();
    store.endpoint = java.util.Optional.of(s3.endpoint());
    store.pathStyle = true;
    store.region = java.util.Optional.of("us-east-1");
    store.checksums = "when_required";
    store.maxAttempts = 2;
    s3.client().close(); // sets the test identity where the SDK's chain finds it
  }

  @AfterAll
  void stop() {
    store.close();
    s3.close();
  }

  /**
   * A listing resumed after a key goes on over every later page: the SDK's paginator sent {@code
   * start-after} with each continuation token, which S3Proxy answers with 400.
   */
  @Test
  void aListingAfterAKeyGoesOnPastItsFirstPage() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try (var client = s3.client()) {
      List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
      for (int i = 0; i < 1_005; i++) {
        String key = String.format("pages/%04d", i);
        puts.add(
            pool.submit(
                () ->
                    client.putObject(
                        b -> b.bucket("scans").key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromString(key))));
      }
      for (var put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<ObjectInfo> listed =
        store.list(S3Location.parse("s3://scans/pages/"), "pages/0002")) {
      List<String> keys = listed.map(o -> o.location().key()).toList();
      assertEquals(1_002, keys.size());
      assertEquals("pages/0003", keys.get(0));
      assertEquals("pages/1004", keys.get(keys.size() - 1));
    }
    store.deletePrefix(S3Location.parse("s3://scans/pages/"));
  }

  @Test
  void putGetRangeListAndDelete() throws IOException {
    Path file = Files.createDirectories(work).resolve("page.bin");
    byte[] bytes = new byte[300_000];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(file, bytes);
    S3Location object = S3Location.parse("s3://scans/2026/11/page.bin");

    store.put(object, file, "application/octet-stream", Map.of("sha256", "x"));
    store.put(S3Location.parse("s3://scans/2026/12/other.txt"), "hi".getBytes(), "text/plain");

    assertEquals(300_000, store.head(object).orElseThrow().size());
    Path copy = work.resolve("copy.bin");
    assertEquals(300_000, store.download(object, copy, 1_000_000));
    assertArrayEquals(bytes, Files.readAllBytes(copy));
    try (InputStream middle = store.open(object, 1000, 10)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1000, 1010), middle.readAllBytes());
    }
    try (Stream<ObjectInfo> listed = store.list(S3Location.parse("s3://scans/2026/"), null)) {
      assertEquals(
          List.of("2026/11/page.bin", "2026/12/other.txt"),
          listed.map(o -> o.location().key()).toList());
    }
    assertThrows(ObjectStoreException.TooLarge.class, () -> store.download(object, copy, 1000));
    assertThrows(
        ObjectStoreException.NotFound.class,
        () -> store.download(S3Location.parse("s3://scans/none"), copy, 1000));

    store.deletePrefix(S3Location.parse("s3://scans/2026/"));
    assertTrue(store.head(object).isEmpty());
  }

  @Test
  void aStoreOutOfReachIsATransientFailure() throws Exception {
    s3.stop();
    try {
      ObjectStoreException failure =
          assertThrows(
              ObjectStoreException.class, () -> store.head(S3Location.parse("s3://scans/any")));
      assertTrue(failure.transientFailure(), failure.getMessage());
    } finally {
      s3.restart();
    }
  }
}
