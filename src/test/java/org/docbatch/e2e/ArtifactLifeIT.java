package org.docbatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.docbatch.artifact.FileArtifactStorage;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * An artifact's life on a node of its own: a node killed while writing one leaves nothing listed,
 * artifacts and uploads go when their job expires, and a user over quota is refused before anything
 * is written.
 */
class ArtifactLifeIT {

  /** Seconds a finished job is kept: short, so that expiry is seen within the test. */
  private static final int TTL = 2;

  @Test
  void killedWhileWritingExpiredAfterwardsAndQuotaRefused() throws Exception {
    OwnNode.Builder nodes =
        OwnNode.in("artifact-life")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_WORKERS", "4")
            .with("JOB_TTL", Integer.toString(TTL))
            .with("MAX_STORAGE_PER_USER_MB", "1");
    Path area = Files.createDirectories(nodes.documents().resolve("users/alice"));
    NoopJobs.writeDocuments(area, "life", 2);
    Path output = nodes.work().resolve("output");
    try (OwnNode node = nodes.start()) {
      ApiClient alice = node.api().as(TestCredentials.ALICE);

      // a finished job's artifacts go when it expires
      String done =
          NoopJobs.submit(
              alice, "life", 2, 0, Json.createObjectBuilder().add("artifact_bytes", 1000).build());
      alice.awaitFinished(done, Duration.ofSeconds(30));
      assertTrue(Files.exists(output.resolve(done).resolve("1").resolve("life-1.bin")));
      await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(output.resolve(done)));
      assertEquals(404, alice.get("/jobs/" + done).status());

      // uploads count against the quota (1 MB): the second is refused before it is written
      Path scan = nodes.work().resolve("scan.bin");
      Files.write(scan, new byte[700_000]);
      ApiClient.Answer first = alice.upload(scan);
      assertEquals(201, first.status(), first.body());
      ApiClient.Answer second = alice.upload(scan);
      assertEquals(413, second.status(), second.body());
      assertEquals("storage_quota_exceeded", second.json().getString("code"), second.body());
      assertTrue(uploads(area) <= 1, "the refused upload left nothing");
      // an upload no job reads expires too
      await().atMost(Duration.ofSeconds(20)).until(() -> uploads(area) == 0);

      // a 4 MB artifact whose writing stops half way for a minute, and the node killed then
      String killed =
          NoopJobs.submit(
              alice,
              "life",
              1,
              0,
              Json.createObjectBuilder()
                  .add("artifact_bytes", 4_000_000)
                  .add("artifact_pause_ms", 60_000)
                  .build());
      Path temp = output.resolve(killed).resolve("0").resolve(".tmp");
      await().atMost(Duration.ofSeconds(30)).until(() -> partialBytes(temp) >= 1_000_000);
      node.server().kill();
      // what the kill left: bytes on disk, and nothing the artifact API would list (it lists
      // through this same store)
      assertTrue(partialBytes(temp) >= 1_000_000);
      assertEquals(List.of(), new FileArtifactStorage(output).list(killed, 0));
    }
  }

  private static long partialBytes(Path temp) throws Exception {
    if (!Files.isDirectory(temp)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(temp)) {
      return files.mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static long uploads(Path area) throws Exception {
    Path uploads = area.resolve("uploads");
    if (!Files.isDirectory(uploads)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(uploads)) {
      return entries.count();
    }
  }
}
