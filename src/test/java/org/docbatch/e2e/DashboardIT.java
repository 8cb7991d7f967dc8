package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.NoopJobs;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.RedisServer;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * The dashboard at {@code /ui} in a real browser: headless Chromium (Debian's {@code chromium})
 * driven by {@code playwright-core} from {@code src/test/ui/dashboard.test.mjs}, against two nodes
 * sharing one Redis, with authentication on. The script first checks the sign-in form (asked for
 * without a credential, a wrong key refused, a submitter told the page needs the operator role, a
 * bearer token accepted), signs in with an operator's key, then submits a job from the page and
 * watches its progress bar reach 100% through server-sent events, opens its results, cancels a
 * running job, retries one with a failed document, sees a job submitted on the other node, follows
 * an OCR job's pages (its detail's "3 / 3" comes with the live events), filters, checks that the
 * page makes no request of its own while a job runs, and that the layout fits 1366x768 and
 * 1920x1080. Its screenshots go to {@code target/dashboard-screenshots}.
 */
class DashboardIT {

  private static final Path SCRIPTS = Path.of("src/test/ui").toAbsolutePath();
  private static final String CHROMIUM =
      System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");

  @Test
  void theDashboardFollowsJobsLiveAndActsOnThem() throws Exception {
    assertTrue(
        Files.isExecutable(Path.of(CHROMIUM)),
        CHROMIUM + " is missing: bin/test installs Debian's chromium (apt-get install chromium)");
    installScriptDependencies();
    OwnNode.Builder nodes =
        OwnNode.in("dashboard")
            .with("NOOP_JOBS_ENABLED", "true")
            .with("NOOP_MIN_WORKERS", "4")
            .with("NOOP_WORKERS", "4");
    NoopJobs.writeDocuments(nodes.documents(), "dash", 40);
    OcrDocuments.scannedPdf(nodes.documents().resolve("scan-3.pdf"), 3);
    try (RedisServer redis = RedisServer.start(nodes.work().resolve("redis"));
        OwnNode a = nodes.on(redis).serverFolder("a").with("NODE_ID", "node-a").start();
        OwnNode b = nodes.serverFolder("b").with("NODE_ID", "node-b").start()) {
      Path screenshots = Path.of("target/dashboard-screenshots").toAbsolutePath();
      Path output = nodes.work().resolve("dashboard-test.log");
      ProcessBuilder script =
          new ProcessBuilder("node", "dashboard.test.mjs", base(a), base(b), screenshots.toString())
              .directory(SCRIPTS.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      // In the environment, not the arguments: a credential on a command line is seen by `ps`.
      script.environment().put("DOCBATCH_API_KEY", TestCredentials.OPERATOR_KEY);
      script.environment().put("DOCBATCH_SUBMITTER_KEY", TestCredentials.ALICE_KEY);
      script
          .environment()
          .put(
              "DOCBATCH_TOKEN",
              TestCredentials.token("olivia", "operator", Instant.now().plus(Duration.ofHours(1))));
      Process running = script.start();
      boolean ended = running.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        running.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      System.out.println(log);
      assertTrue(ended, "the browser test ran over 5 minutes:\n" + log);
      assertEquals(0, running.exitValue(), log);
      assertTrue(log.contains("dashboard: all checks passed"), log);
      assertTrue(Files.exists(screenshots.resolve("job-running.png")), "a screenshot is saved");
    }
  }

  /** The node's own address: the page, the API and the events are all served from there. */
  private static String base(OwnNode node) {
    String api = node.server().api("").toString();
    return api.substring(0, api.length() - "/api".length());
  }

  /** {@code npm ci} from the committed lock file, once (node_modules is kept between runs). */
  private static void installScriptDependencies() throws IOException, InterruptedException {
    if (Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
      return;
    }
    Process npm =
        new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(npm.waitFor(3, TimeUnit.MINUTES), "npm ci took over 3 minutes");
    assertEquals(0, npm.exitValue(), "npm ci failed:\n" + out);
  }
}
