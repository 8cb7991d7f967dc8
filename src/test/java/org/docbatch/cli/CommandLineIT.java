package org.docbatch.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.docbatch.cli.DocbatchCli.Run;
import org.docbatch.security.ApiKeyTable;
import org.docbatch.security.Role;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchExtension;
import org.docbatch.testing.DocbatchExtension.Docbatch;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.FreePorts;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/docbatch} as a script or a person runs it, against the real server: its output, its
 * exit codes and what the server ends up with.
 */
@ExtendWith(DocbatchExtension.class)
class CommandLineIT {

  private static final String JOB_ID = "[0-9a-f-]{36}";
  private static final String API_KEY = "dbk_[A-Za-z0-9_-]{43}";

  private ApiClient api;
  private DocbatchCli cli;
  private Path root;
  private String folder;
  @TempDir Path local;

  @BeforeEach
  void setUp(Docbatch docbatch) throws IOException {
    api = docbatch.api();
    root = docbatch.documentRoot();
    folder = "cli-" + UUID.randomUUID();
    Files.createDirectories(root.resolve(folder));
    cli = new DocbatchCli(base(docbatch.server()), local.resolve("runs"));
  }

  private static String base(DocbatchServer server) {
    return server.api("").toString().replaceFirst("/api$", "");
  }

  @Test
  void submitUploadsFilesWaitsAndReadsEveryResult() throws IOException {
    Path alpha = Files.writeString(local.resolve("alpha.txt"), "first document\n");
    Path beta = Files.writeString(local.resolve("beta notes.txt"), "second document\n");
    Path gamma = Files.writeString(local.resolve("gamma;1.txt"), "third document\n");
    Files.writeString(root.resolve(folder).resolve("delta.txt"), "already on the server\n");

    Run submitted =
        cli.run(
            "submit",
            "--type",
            "validation",
            "--priority",
            "5",
            "--option",
            "strict_extension=true",
            alpha.toString(),
            "--path",
            folder + "/delta.txt",
            beta.toString(),
            gamma.toString(),
            "--wait");

    assertEquals(0, submitted.exitCode(), submitted.toString());
    assertEquals(1, submitted.lines().size(), "stdout holds the job's id only: " + submitted);
    String id = submitted.lines().get(0);
    assertTrue(id.matches(JOB_ID), submitted.toString());
    assertTrue(
        submitted.stderr().contains("job " + id + " COMPLETED: 4 of 4 documents succeeded"),
        submitted.toString());
    assertTrue(
        submitted.stderr().contains("job " + id + ": COMPLETED 100%"),
        "without a terminal, progress comes as plain lines: " + submitted);
    assertFalse(submitted.stderr().contains("\r"), "no redrawn line without a terminal");
    JsonObject job = api.get("/jobs/" + id).json();
    assertEquals(5, job.getInt("priority"));
    assertEquals(
        true, job.getJsonObject("options").getBoolean("strict_extension"), "true went as JSON");

    // Two documents a page: the command line follows the "next" links.
    Run json = cli.run("results", id, "--output", "json", "--page-size", "2");
    assertEquals(0, json.exitCode(), json.toString());
    List<String> documents = new ArrayList<>();
    json.json()
        .getJsonArray("results")
        .getValuesAs(JsonObject.class)
        .forEach(
            result -> {
              assertEquals("completed", result.getString("status"), result.toString());
              documents.add(result.getString("document"));
            });
    assertEquals(4, documents.size(), json.toString());
    assertTrue(documents.get(0).endsWith("/alpha.txt"), documents.toString());
    assertEquals(folder + "/delta.txt", documents.get(1), "documents keep the command's order");
    assertTrue(documents.get(2).endsWith("/beta_notes.txt"), documents.toString());
    assertTrue(documents.get(3).endsWith("/gamma_1.txt"), documents.toString());
    assertEquals(4, json.json().getInt("successful"));

    Run csv = cli.run("results", id, "--output", "csv", "--page-size", "3");
    assertEquals(0, csv.exitCode(), csv.toString());
    List<String> rows = csv.lines();
    assertEquals("index,document,status,duration_ms,error_code,error_message,result", rows.get(0));
    assertEquals(5, rows.size(), csv.toString());
    for (int i = 0; i < 4; i++) {
      assertTrue(
          rows.get(i + 1).startsWith(i + ",\"" + documents.get(i) + "\",\"completed\","),
          rows.get(i + 1));
    }

    Run status = cli.run("status", id);
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.stdout().contains("COMPLETED, 100%"), status.toString());
    assertTrue(status.stdout().contains("4: 4 succeeded, 0 failed"), status.toString());
    assertEquals(id, cli.run("status", id, "--output", "json").json().getString("job_id"));
    Run list = cli.run("list", "--status", "COMPLETED", "--limit", "1000");
    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(list.stdout().lines().anyMatch(line -> line.startsWith(id)), list.toString());
  }

  @Test
  void submittingAgainWithTheSameIdempotencyKeyGivesTheSameJob() throws IOException {
    Files.writeString(root.resolve(folder).resolve("once.txt"), "submitted once\n");
    String key = UUID.randomUUID().toString();
    String[] submit = {
      "submit", "--type", "validation", "--path", folder + "/once.txt", "--idempotency-key", key
    };

    Run first = cli.run(submit);
    Run again = cli.run(submit);
    Run fresh = cli.run("submit", "--type", "validation", "--path", folder + "/once.txt");

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(first.lines(), again.lines());
    assertTrue(first.lines().get(0).matches(JOB_ID), first.toString());
    assertFalse(fresh.lines().equals(first.lines()), "without a key, each run is a job of its own");
  }

  @Test
  void resultsDownloadFetchesEveryArtifactAndResumes() throws IOException {
    NoopJobs.writeDocuments(root.resolve(folder), "dl", 2);
    String id =
        NoopJobs.submit(
            api,
            folder + "/dl",
            2,
            0,
            jakarta.json.Json.createObjectBuilder().add("artifact_bytes", 50_000).build());
    api.awaitFinished(id, Duration.ofSeconds(30));
    Path into = local.resolve("artifacts");

    Run first = cli.run("results", id, "--download", into.toString());
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.stdout().contains("downloaded 2 artifacts"), first.toString());
    assertEquals(50_000, Files.size(into.resolve("0").resolve("dl-0.bin")));
    assertEquals(50_000, Files.size(into.resolve("1").resolve("dl-1.bin")));

    // a damaged copy is fetched again, a whole one is skipped
    Files.write(into.resolve("1").resolve("dl-1.bin"), new byte[10]);
    Run again = cli.run("results", id, "--download", into.toString());
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(
        again.stdout().contains("downloaded 1 artifacts") && again.stdout().contains("1 already"),
        again.toString());
    assertEquals(50_000, Files.size(into.resolve("1").resolve("dl-1.bin")));
  }

  @Test
  void aFailedDocumentMakesWaitExitWithOne() throws IOException {
    Path good = Files.writeString(local.resolve("good.txt"), "fine\n");
    // A PNG signature followed by junk: validation refuses it as a damaged image.
    Path broken = local.resolve("broken.png");
    Files.write(broken, "\u0089PNG\r\n\u001a\nnot an image".getBytes(StandardCharsets.ISO_8859_1));

    Run submitted =
        cli.run("submit", "--type", "validation", good.toString(), broken.toString(), "--wait");

    assertEquals(1, submitted.exitCode(), submitted.toString());
    String id = submitted.lines().get(0);
    assertTrue(
        submitted.stderr().contains("COMPLETED: 1 of 2 documents succeeded, 1 failed"),
        submitted.toString());
    assertTrue(
        submitted.stderr().contains("broken.png: corrupt_image: "),
        "the failure is shown: " + submitted);

    Run failed = cli.run("results", id, "--failed");
    assertEquals(0, failed.exitCode(), failed.toString());
    assertTrue(failed.stdout().contains("broken.png"), failed.toString());
    assertTrue(failed.stdout().contains("corrupt_image"), failed.toString());
    assertFalse(failed.stdout().contains("good.txt"), "only the failed ones: " + failed);
  }

  @Test
  void cancelStopsAJobAndRetryRunsTheRest() throws IOException {
    int count = 12;
    NoopJobs.writeDocuments(root.resolve(folder), "doc", count);
    StringBuilder paths = new StringBuilder();
    for (int i = 0; i < count; i++) {
      paths.append(folder).append("/doc-").append(i).append(".txt\n");
    }
    Path list = Files.writeString(local.resolve("paths.txt"), paths);
    Run submitted =
        cli.input(list)
            .run("submit", "--type", "noop", "--option", "delay_ms=1000", "--paths-from", "-");
    assertEquals(0, submitted.exitCode(), submitted.toString());
    assertEquals(
        count, api.get("/jobs/" + submitted.stdout().strip()).json().getInt("total_tasks"));
    String id = submitted.stdout().strip();

    Run cancelled = cli.run("cancel", id);

    assertEquals(0, cancelled.exitCode(), cancelled.toString());
    assertTrue(cancelled.stdout().contains("CANCELLED"), cancelled.toString());
    JsonObject stopped = api.awaitFinished(id, Duration.ofMinutes(1));
    assertEquals("CANCELLED", stopped.getString("status"));
    assertTrue(stopped.getInt("completed_tasks") < count, stopped.toString());
    Run again = cli.run("cancel", id);
    assertEquals(3, again.exitCode(), again.toString());
    assertTrue(again.stderr().startsWith("error: job_finished: "), again.toString());

    Run retried = cli.run("retry", id, "--wait");

    assertEquals(0, retried.exitCode(), retried.toString());
    assertEquals(id, retried.stdout().strip());
    JsonObject finished = api.get("/jobs/" + id).json();
    assertEquals("COMPLETED", finished.getString("status"));
    assertEquals(count, finished.getInt("completed_tasks"));
    Run nothingLeft = cli.run("retry", id);
    assertEquals(3, nothingLeft.exitCode(), nothingLeft.toString());
    assertTrue(
        nothingLeft.stderr().startsWith("error: nothing_to_retry: "), nothingLeft.toString());
  }

  @Test
  void deadLettersAreListedRequeuedAndDiscarded() throws IOException {
    NoopJobs.writeDocuments(root.resolve(folder), "crash", 1);
    NoopJobs.writeDocuments(root.resolve(folder), "fine", 1);
    Run submitted =
        cli.run(
            "submit",
            "--type",
            "noop",
            "--option",
            "crash_matching=crash",
            "--path",
            folder + "/crash-0.txt",
            "--path",
            folder + "/fine-0.txt",
            "--wait");
    assertEquals(1, submitted.exitCode(), submitted.toString());
    String id = submitted.lines().get(0);

    Run list = cli.run("dead-letters");

    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(list.stdout().startsWith("ID "), list.toString());
    String letter = deadLetterOf(id);
    assertTrue(
        list.stdout().lines().anyMatch(line -> line.startsWith(letter) && line.contains(id)),
        list.toString());

    Run requeued = cli.run("dead-letters", "requeue", letter);

    assertEquals(0, requeued.exitCode(), requeued.toString());
    assertTrue(requeued.stdout().contains("requeued: job " + id), requeued.toString());
    // The document crashes again and comes back as a new dead letter.
    String second =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> deadLetterOf(id), next -> next != null && !next.equals(letter));
    Run discarded = cli.run("dead-letters", "discard", second);
    assertEquals(0, discarded.exitCode(), discarded.toString());
    assertTrue(
        discarded.stdout().startsWith("discarded dead letter " + second), discarded.stdout());
    Run gone = cli.run("dead-letters", "discard", second);
    assertEquals(3, gone.exitCode(), gone.toString());
    assertTrue(gone.stderr().startsWith("error: dead_letter_not_found: "), gone.toString());
  }

  @Test
  void onATerminalProgressIsOneRedrawnLine() throws IOException {
    int count = 6;
    NoopJobs.writeDocuments(root.resolve(folder), "doc", count);
    List<String> arguments =
        new ArrayList<>(List.of("submit", "--type", "noop", "--option", "delay_ms=400"));
    for (int i = 0; i < count; i++) {
      arguments.addAll(List.of("--path", folder + "/doc-" + i + ".txt"));
    }
    arguments.add("--wait");

    Run run = cli.runOnTerminal(arguments.toArray(String[]::new));

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.stdout().contains("\r\u001b[K["), "redrawn in place: " + run);
    assertTrue(
        run.stdout().contains("] 100%  " + count + "/" + count + " done, 0 failed  COMPLETED"),
        run.toString());
    assertFalse(run.stdout().contains(": COMPLETED 100%"), "no plain lines: " + run);
  }

  @Test
  void badArgumentsExitWithTwoAndTheUsage() {
    for (String[] arguments :
        List.of(
            new String[] {"submit", "--type"},
            new String[] {"submit", "--type", "ocr"},
            new String[] {"submit", "--type", "ocr", "--priority", "high", "--path", "a.png"},
            new String[] {"submit", "--type", "ocr", "--option", "dpi", "--path", "a.png"},
            new String[] {"submit", "--type", "ocr", "/no/such/file.png"},
            new String[] {"results", "some-job", "--output", "xml"},
            new String[] {"status"},
            new String[] {"status", "../jobs"},
            new String[] {"dead-letters", "requeue"})) {
      Run run = cli.run(arguments);
      assertEquals(2, run.exitCode(), String.join(" ", arguments) + ": " + run);
      assertTrue(run.stderr().startsWith("error: "), run.toString());
      assertTrue(run.stderr().contains("usage: docbatch " + arguments[0]), run.toString());
      assertEquals("", run.stdout());
    }
    Run unknown = cli.run("frobnicate");
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertTrue(
        unknown.stderr().contains("the commands are: cancel dead-letters"), unknown.stderr());

    Run help = cli.run("--help");
    assertEquals(0, help.exitCode(), help.toString());
    for (String command : List.of("submit", "status", "list", "results", "cancel", "retry")) {
      assertTrue(help.stdout().contains("\n  " + command + " "), help.stdout());
    }
    Run submitHelp = cli.run("submit", "--help");
    assertEquals(0, submitHelp.exitCode());
    assertTrue(submitHelp.stdout().startsWith("usage: docbatch submit --type TYPE"));
  }

  @Test
  void anUnreachableServerExitsWithThree() {
    int nobody = FreePorts.any();

    Run run = cli.run("--url", "http://127.0.0.1:" + nobody, "status", "some-job");

    assertEquals(3, run.exitCode(), run.toString());
    assertTrue(
        run.stderr().startsWith("error: server_unreachable: no answer from http://127.0.0.1:"),
        run.toString());
  }

  @Test
  void problemAnswersArePrintedAsCodeAndDetail() {
    Run unknownType = cli.run("submit", "--type", "teleport", "--path", "anything.txt");
    assertEquals(3, unknownType.exitCode(), unknownType.toString());
    assertTrue(
        unknownType.stderr().startsWith("error: unknown_job_type: unknown job_type 'teleport'"),
        unknownType.toString());
    assertEquals("", unknownType.stdout());

    Run noSuchJob = cli.run("status", "no-such-job");
    assertEquals(3, noSuchJob.exitCode(), noSuchJob.toString());
    assertEquals(
        "error: job_not_found: no job has the id 'no-such-job' (finished jobs expire after"
            + " JOB_TTL)",
        noSuchJob.stderr().strip());

    Run badOption =
        cli.run("submit", "--type", "ocr", "--option", "psm=99", "--path", "anything.png");
    assertEquals(3, badOption.exitCode(), badOption.toString());
    assertTrue(badOption.stderr().startsWith("error: invalid_option: "), badOption.toString());
    assertTrue(badOption.stderr().contains("psm"), badOption.toString());
  }

  /**
   * A recording HTTP endpoint shows what the command line sends, and how it reports an answer that
   * is not a problem.
   */
  @Test
  void credentialsFromTheEnvironmentAreSentAndOtherErrorsAreReported() throws IOException {
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer recorder =
        serve(
            exchange -> {
              seen.put("path", exchange.getRequestURI().getPath());
              seen.put(
                  "authorization", "" + exchange.getRequestHeaders().getFirst("Authorization"));
              seen.put("api-key", "" + exchange.getRequestHeaders().getFirst("X-API-Key"));
              answer(exchange, 502, "text/html", "<html><body>Bad gateway</body></html>");
            });
    try {
      String url = "http://127.0.0.1:" + recorder.getAddress().getPort() + "/";
      Run run =
          cli.with("DOCBATCH_TOKEN", "t0ken")
              .with("DOCBATCH_API_KEY", "k3y")
              .run("--url", url, "status", "job-1");

      assertEquals(3, run.exitCode(), run.toString());
      assertEquals("/api/jobs/job-1", seen.get("path"));
      assertEquals("Bearer t0ken", seen.get("authorization"));
      assertEquals("k3y", seen.get("api-key"));
      assertTrue(
          run.stderr().startsWith("error: http_502: GET " + url + "api/jobs/job-1 answered <html>"),
          run.toString());
    } finally {
      recorder.stop(0);
    }
  }

  @Test
  void aMissingWrongOrTooWeakCredentialIsReportedWithWhatToDo() {
    Run none = cli.with("DOCBATCH_API_KEY", "").run("list");
    assertEquals(3, none.exitCode(), none.toString());
    assertTrue(none.stderr().startsWith("error: unauthenticated: "), none.toString());
    assertTrue(
        none.stderr().contains("this server needs a credential: set DOCBATCH_API_KEY"),
        none.toString());
    assertEquals("", none.stdout());

    Run wrong = cli.with("DOCBATCH_API_KEY", "dbk_not-a-key-of-this-server").run("list");
    assertEquals(3, wrong.exitCode(), wrong.toString());
    assertTrue(
        wrong.stderr().startsWith("error: unauthenticated: the API key is not known"),
        wrong.toString());
    assertTrue(
        wrong.stderr().contains("the server did not accept the API key in DOCBATCH_API_KEY"),
        wrong.toString());

    Run expired =
        cli.with("DOCBATCH_API_KEY", "")
            .with(
                "DOCBATCH_TOKEN",
                TestCredentials.token("alice", "submitter", Instant.now().minusSeconds(600)))
            .run("list");
    assertEquals(3, expired.exitCode(), expired.toString());
    assertTrue(expired.stderr().startsWith("error: unauthenticated: "), expired.toString());
    assertTrue(
        expired.stderr().contains("did not accept the bearer token in DOCBATCH_TOKEN"),
        expired.toString());

    Run submitter =
        cli.with("DOCBATCH_TOKEN", "")
            .with("DOCBATCH_API_KEY", TestCredentials.ALICE_KEY)
            .run("dead-letters");
    assertEquals(3, submitter.exitCode(), submitter.toString());
    assertTrue(
        submitter.stderr().startsWith("error: forbidden: this needs the operator role"),
        submitter.toString());
    assertTrue(submitter.stderr().contains("its role does not allow this"), submitter.toString());
    assertEquals(0, cli.run("list").exitCode(), "the submitter may list their own jobs");
  }

  /**
   * {@code docbatch key new} makes a key with no server; a node reading the key file it appends to
   * accepts the key without a restart, and its entry is the one the server's own code makes.
   */
  @Test
  void aKeyMadeByTheCommandLineIsAcceptedOnceItsEntryIsInTheKeyFile() throws IOException {
    Run printed =
        cli.with("DOCBATCH_URL", "http://127.0.0.1:1")
            .run("key", "new", "--user", "dave", "--role", "admin");
    assertEquals(0, printed.exitCode(), printed.toString());
    assertEquals(2, printed.lines().size(), printed.toString());
    String shown = printed.lines().get(0);
    assertTrue(shown.matches(API_KEY), printed.toString());
    assertEquals(ApiKeyTable.entry("dave", Role.ADMIN, shown), printed.lines().get(1));
    Run badRole = cli.run("key", "new", "--user", "dave", "--role", "root");
    assertEquals(2, badRole.exitCode(), badRole.toString());
    assertTrue(badRole.stderr().contains("usage: docbatch key new"), badRole.toString());

    Path keys = Files.writeString(local.resolve("api-keys"), "# made by docbatch key new");
    try (OwnNode node =
        OwnNode.at(local.resolve("keys-node")).with("API_KEYS_FILE", keys.toString()).start()) {
      Run made =
          cli.run("key", "new", "--user", "carol", "--role", "operator", "--file", keys.toString());

      assertEquals(0, made.exitCode(), made.toString());
      assertEquals(1, made.lines().size(), "stdout holds the key only: " + made);
      String key = made.lines().get(0);
      assertTrue(key.matches(API_KEY), made.toString());
      List<String> lines = Files.readAllLines(keys);
      assertEquals(2, lines.size(), "the entry is on a line of its own: " + lines);
      assertTrue(
          lines.get(1).startsWith(ApiKeyTable.entry("carol", Role.OPERATOR, key) + "  # "),
          lines.toString());
      assertFalse(Files.readString(keys).contains(key), "the key itself is not stored");
      DocbatchCli carol =
          new DocbatchCli(base(node.server()), local.resolve("carol"))
              .with("DOCBATCH_API_KEY", key);
      // The node looks at the file's modification time at most once a second.
      await().atMost(Duration.ofSeconds(20)).until(() -> carol.run("dead-letters").exitCode() == 0);
      Run list = carol.run("list");
      assertEquals(0, list.exitCode(), list.toString());
    }
  }

  /**
   * A node restarting or Redis away while --wait follows a job: the command line keeps asking for
   * DOCBATCH_OUTAGE_SECONDS, then gives up with exit 3. The outage is a fault injected by a
   * stand-in server.
   */
  @Test
  void waitRidesOutAShortOutageAndGivesUpOnALongOne() throws IOException {
    AtomicInteger polls = new AtomicInteger();
    String job =
        "{\"job_id\": \"job-1\", \"job_type\": \"noop\", \"status\": \"%s\", \"progress\": %d,"
            + " \"total_tasks\": 2, \"completed_tasks\": %d, \"failed_tasks\": 0%s}";
    int[] outagePolls = {2};
    HttpServer flaky =
        serve(
            exchange -> {
              if (exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 202, "application/json", job.formatted("PENDING", 0, 0, ""));
              } else if (polls.incrementAndGet() <= outagePolls[0]) {
                answer(
                    exchange,
                    503,
                    "application/problem+json",
                    "{\"status\": 503, \"code\": \"redis_unavailable\", \"detail\": \"away\"}");
              } else {
                answer(
                    exchange,
                    200,
                    "application/json",
                    job.formatted(
                        "COMPLETED", 100, 2, ", \"finished_at\": \"2026-11-29T00:00:00Z\""));
              }
            });
    try {
      String url = "http://127.0.0.1:" + flaky.getAddress().getPort();

      Run rodeOut = cli.run("--url", url, "retry", "job-1", "--wait");

      assertEquals(0, rodeOut.exitCode(), rodeOut.toString());
      assertTrue(
          rodeOut
              .stderr()
              .contains("no answer from the server (it answered 503 redis_unavailable)"),
          rodeOut.toString());
      assertTrue(rodeOut.stderr().contains("the server answers again"), rodeOut.toString());
      assertTrue(
          rodeOut.stderr().contains("COMPLETED: 2 of 2 documents succeeded"), rodeOut.stderr());

      polls.set(0);
      outagePolls[0] = Integer.MAX_VALUE;
      Run gaveUp =
          cli.with("DOCBATCH_OUTAGE_SECONDS", "1").run("--url", url, "retry", "job-1", "--wait");

      assertEquals(3, gaveUp.exitCode(), gaveUp.toString());
      assertTrue(
          gaveUp.stderr().contains("error: server_unreachable: no answer from " + url + " for 1 s"),
          gaveUp.toString());
    } finally {
      flaky.stop(0);
    }
  }

  private static HttpServer serve(HttpHandler handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", handler);
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The id of the dead letter of job {@code id}, or null when it has none. */
  private String deadLetterOf(String id) {
    return api
        .get("/dead-letters")
        .json()
        .getJsonArray("dead_letters")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(letter -> id.equals(letter.getString("job_id", null)))
        .map(letter -> letter.getString("id"))
        .findFirst()
        .orElse(null);
  }
}
