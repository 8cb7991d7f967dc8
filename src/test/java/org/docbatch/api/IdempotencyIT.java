package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.ApiClient.Answer;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Idempotency-Key} on {@code POST /api/jobs}: a retried request gets its job back, a reused
 * key with another body is refused, racing requests create one job. (Across two nodes: {@code
 * e2e/DispatcherIT}.)
 */
@ExtendWith(DocbatchExtension.class)
class IdempotencyIT {

  private Docbatch docbatch;
  private ApiClient api;
  private String body;

  @BeforeEach
  void setUp(Docbatch docbatch) throws IOException {
    this.docbatch = docbatch;
    api = docbatch.api();
    body = jobOfOneDocument(docbatch.documentRoot());
  }

  /** The body of a validation job of one new document, written under each of {@code areas}. */
  private static String jobOfOneDocument(Path... areas) throws IOException {
    String document = "idempotency-" + UUID.randomUUID() + "/a.txt";
    for (Path area : areas) {
      Path file = area.resolve(document);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "An idempotent document.\n");
    }
    return JobLifecycleIT.jobJson("validation", List.of(document), 5);
  }

  @Test
  void aRetriedRequestGetsTheSameJob() {
    String key = UUID.randomUUID().toString();

    Answer first = api.post("/jobs", body, IdempotentSubmit.HEADER, key);
    Answer again = api.post("/jobs", body, IdempotentSubmit.HEADER, key);

    assertEquals(202, first.status(), first.body());
    assertNull(first.header(IdempotentSubmit.REPLAYED));
    assertEquals(200, again.status(), again.body());
    assertEquals("true", again.header(IdempotentSubmit.REPLAYED));
    assertEquals(first.json().getString("job_id"), again.json().getString("job_id"));
    assertEquals(first.location(), again.location());
    Answer unkeyed = api.post("/jobs", body);
    assertNotEquals(first.json().getString("job_id"), unkeyed.json().getString("job_id"));
  }

  @Test
  void aKeyReusedWithAnotherBodyIsRefused() {
    String key = UUID.randomUUID().toString();
    String job = api.post("/jobs", body, IdempotentSubmit.HEADER, key).json().getString("job_id");

    Answer other =
        api.post(
            "/jobs",
            body.replace("\"priority\": 5", "\"priority\": 6"),
            IdempotentSubmit.HEADER,
            key);

    assertEquals(422, other.status(), other.body());
    assertEquals("application/problem+json", other.contentType());
    assertEquals("idempotency_key_reused", other.json().getString("code"));
    assertTrue(other.json().getString("detail").contains(job), other.body());
  }

  @Test
  void keysBelongToTheirUser() throws IOException {
    // The same body from two users: each names a file in their own area (users/<name>/).
    Path users = docbatch.documentRoot().resolve("users");
    String sameBody = jobOfOneDocument(users.resolve("alice"), users.resolve("bob"));
    String key = UUID.randomUUID().toString();
    Answer alices =
        api.as(TestCredentials.ALICE).post("/jobs", sameBody, IdempotentSubmit.HEADER, key);

    Answer bobsAnswer =
        api.as(TestCredentials.BOB).post("/jobs", sameBody, IdempotentSubmit.HEADER, key);

    assertEquals(202, alices.status(), alices.body());
    assertEquals(202, bobsAnswer.status(), bobsAnswer.body());
    assertNotEquals(alices.json().getString("job_id"), bobsAnswer.json().getString("job_id"));
  }

  @Test
  void aBadKeyIsRefused() {
    Answer blank = api.post("/jobs", body, IdempotentSubmit.HEADER, "a key with spaces");
    Answer long_ = api.post("/jobs", body, IdempotentSubmit.HEADER, "k".repeat(256));

    for (Answer answer : List.of(blank, long_)) {
      assertEquals(400, answer.status(), answer.body());
      assertEquals("invalid_idempotency_key", answer.json().getString("code"));
    }
  }

  @Test
  void aRefusedRequestLeavesItsKeyFree() {
    String key = UUID.randomUUID().toString();
    Answer refused =
        api.post(
            "/jobs",
            body.replace("\"validation\"", "\"no-such-type\""),
            IdempotentSubmit.HEADER,
            key);
    assertEquals(400, refused.status(), refused.body());

    Answer accepted = api.post("/jobs", body, IdempotentSubmit.HEADER, key);

    assertEquals(202, accepted.status(), accepted.body());
  }

  @Test
  void anUploadSentAgainGetsTheSameDocumentsAndKeepsOneCopy() throws Exception {
    Path file =
        Files.writeString(
            docbatch.documentRoot().resolve("..").resolve("idem-" + UUID.randomUUID() + ".txt"),
            "uploaded once\n");
    String key = UUID.randomUUID().toString();
    long copiesBefore = copiesOfTheLetter();

    Answer first = api.upload(file, "letter.txt", IdempotentSubmit.HEADER, key);
    Answer again = api.upload(file, "letter.txt", IdempotentSubmit.HEADER, key);
    Files.writeString(file, "other bytes\n");
    Answer other = api.upload(file, "letter.txt", IdempotentSubmit.HEADER, key);

    assertEquals(201, first.status(), first.body());
    assertEquals(200, again.status(), again.body());
    assertEquals("true", again.header(IdempotentSubmit.REPLAYED));
    assertEquals(first.json(), again.json());
    assertEquals(422, other.status(), other.body());
    assertEquals("idempotency_key_reused", other.json().getString("code"));
    // Only the first request's copy is kept.
    assertEquals(copiesBefore + 1, copiesOfTheLetter());
  }

  /** Uploads named letter.txt that read "uploaded once" (an earlier run's may still be there). */
  private long copiesOfTheLetter() throws IOException {
    Path uploads = docbatch.documentRoot().resolve("uploads");
    if (!Files.isDirectory(uploads)) {
      return 0;
    }
    try (var folders = Files.list(uploads)) {
      return folders
          .filter(folder -> Files.exists(folder.resolve("letter.txt")))
          .filter(folder -> read(folder.resolve("letter.txt")).equals("uploaded once\n"))
          .count();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void racingRequestsCreateOneJob() throws Exception {
    String key = UUID.randomUUID().toString();
    ExecutorService clients = Executors.newFixedThreadPool(20);
    try {
      List<Future<Answer>> answers =
          IntStream.range(0, 20)
              .mapToObj(
                  i -> clients.submit(() -> api.post("/jobs", body, IdempotentSubmit.HEADER, key)))
              .toList();
      List<Answer> done = new ArrayList<>();
      for (Future<Answer> answer : answers) {
        done.add(answer.get());
      }

      Set<String> jobs =
          done.stream().map(a -> a.json().getString("job_id")).collect(Collectors.toSet());
      assertEquals(1, jobs.size(), jobs.toString());
      assertEquals(1, done.stream().filter(a -> a.status() == 202).count());
      assertEquals(19, done.stream().filter(a -> a.status() == 200).count());
    } finally {
      clients.shutdownNow();
    }
  }
}
