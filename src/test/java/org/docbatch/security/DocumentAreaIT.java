package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A submitter's documents stay in their own area of the document root: references that climb out of
 * it, links that point out of it, special files, another user's uploads, hostile upload names and
 * oversize uploads are refused with a problem that names the reference and no server path.
 */
@ExtendWith(DocbatchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentAreaIT {

  private Docbatch docbatch;
  private ApiClient alice;
  private ApiClient bob;
  private Path aliceArea;
  private Path bobArea;

  @BeforeAll
  void twoUsersWithAFileEach(Docbatch docbatch) throws Exception {
    this.docbatch = docbatch;
    alice = docbatch.api().as(TestCredentials.ALICE);
    bob = docbatch.api().as(TestCredentials.BOB);
    aliceArea = Files.createDirectories(docbatch.documentRoot().resolve("users/alice"));
    bobArea = Files.createDirectories(docbatch.documentRoot().resolve("users/bob"));
    Files.writeString(aliceArea.resolve("mine.txt"), "Alice's own notes.");
    Files.writeString(bobArea.resolve("secret.txt"), "Bob's salary is 1,000,000.");
    Files.writeString(docbatch.documentRoot().resolve("shared.txt"), "For operators.");
    link(aliceArea.resolve("link-to-bob.txt"), bobArea.resolve("secret.txt"));
    link(aliceArea.resolve("link-to-passwd"), Path.of("/etc/passwd"));
    Path fifo = aliceArea.resolve("pipe");
    if (!Files.exists(fifo)) {
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
      assertEquals(0, mkfifo.waitFor());
    }
  }

  @TestFactory
  Stream<DynamicTest> referencesThatLeaveTheAreaAreRefused() {
    record Attempt(String reference, String code) {}
    return Stream.of(
            new Attempt("../bob/secret.txt", "document_outside_root"),
            new Attempt("sub/../../bob/secret.txt", "document_outside_root"),
            new Attempt("\\u002e\\u002e/bob/secret.txt", "document_outside_root"),
            new Attempt("/etc/passwd", "document_outside_root"),
            new Attempt("../../shared.txt", "document_outside_root"),
            new Attempt("%2e%2e%2fbob%2fsecret.txt", "document_not_found"),
            new Attempt("link-to-bob.txt", "document_outside_root"),
            new Attempt("link-to-passwd", "document_outside_root"),
            new Attempt("pipe", "not_a_file"),
            new Attempt(".", "not_a_file"),
            new Attempt("shared.txt", "document_not_found"))
        .map(
            attempt ->
                DynamicTest.dynamicTest(
                    attempt.reference(),
                    () -> {
                      Answer answer = alice.post("/jobs", job(attempt.reference()));
                      assertEquals(422, answer.status(), answer.body());
                      assertEquals(attempt.code(), answer.json().getString("code"), answer.body());
                      assertLeaksNoPath(answer);
                      assertFalse(answer.body().contains("1,000,000"), answer.body());
                    }));
  }

  @Test
  void aSubmittersOwnFilesAndUploadsWorkAndAnotherUsersUploadIsNotFound() throws Exception {
    Answer own = alice.post("/jobs", job("mine.txt"));
    assertEquals(202, own.status(), own.body());

    String bobsUpload = uploadedId(bob.upload(bobArea.resolve("secret.txt")));
    Answer stolen = alice.post("/jobs", job(bobsUpload));
    assertEquals(422, stolen.status(), stolen.body());
    assertEquals("document_not_found", stolen.json().getString("code"));

    Answer bobsOwn = bob.post("/jobs", job(bobsUpload));
    assertEquals(202, bobsOwn.status(), bobsOwn.body());
    JsonObject finished =
        bob.awaitFinished(bobsOwn.json().getString("job_id"), Duration.ofMinutes(2));
    assertEquals("COMPLETED", finished.getString("status"), finished.toString());
    assertTrue(
        Files.isDirectory(bobArea.resolve("uploads").resolve(bobsUpload)),
        "bob's upload is in bob's area");
  }

  @Test
  void uploadNamesAreNeverTrusted() throws Exception {
    Path content = Files.writeString(Files.createTempFile("upload", ".txt"), "hello");
    for (String hostile :
        List.of("../../escaped.txt", "/etc/cron.d/evil", "..\\\\..\\\\win.txt", ".bashrc")) {
      Answer answer = alice.upload(content, hostile);
      assertEquals(201, answer.status(), answer.body());
      JsonObject stored = answer.json().getJsonArray("documents").getJsonObject(0);
      String name = stored.getString("filename");
      assertFalse(name.contains("/") || name.contains("\\") || name.startsWith("."), name);
      Path folder = aliceArea.resolve("uploads").resolve(stored.getString("document_id"));
      assertTrue(Files.isRegularFile(folder.resolve(name)), folder + "/" + name);
    }
    assertFalse(Files.exists(docbatch.documentRoot().resolve("escaped.txt")));
    assertFalse(Files.exists(docbatch.documentRoot().getParent().resolve("escaped.txt")));
  }

  @Test
  void anOversizeUploadIsRefusedAndLeavesNothing() throws Exception {
    // The test server's MAX_UPLOAD_SIZE_MB is 5.
    Path big = Files.createTempFile("big", ".bin");
    big.toFile().deleteOnExit();
    Files.write(big, new byte[6 * 1024 * 1024]);
    long uploadsBefore = countUploads();

    Answer answer = alice.upload(big);

    assertEquals(413, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals("upload_too_large", answer.json().getString("code"));
    assertLeaksNoPath(answer);
    assertEquals(uploadsBefore, countUploads(), "nothing kept of the refused upload");
  }

  private long countUploads() throws IOException {
    Path uploads = aliceArea.resolve("uploads");
    if (!Files.isDirectory(uploads)) {
      return 0;
    }
    try (Stream<Path> folders = Files.list(uploads)) {
      return folders.count();
    }
  }

  private void assertLeaksNoPath(Answer answer) {
    assertFalse(answer.body().contains(docbatch.documentRoot().toString()), answer.body());
    assertFalse(answer.body().contains("/users/"), answer.body());
  }

  private static String uploadedId(Answer answer) {
    assertEquals(201, answer.status(), answer.body());
    return answer.json().getJsonArray("documents").getJsonObject(0).getString("document_id");
  }

  private static void link(Path link, Path target) throws IOException {
    if (!Files.isSymbolicLink(link)) {
      Files.createSymbolicLink(link, target);
    }
  }

  private static String job(String reference) {
    return "{\"job_type\":\"validation\",\"documents\":[\"" + reference + "\"]}";
  }
}
