package org.docbatch.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.ManagementClient;
import org.docbatch.testing.OwnNode;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node set up as a production one would be. Its API keys come from a file that is read again when
 * it changes: a key added works and a key removed stops working, without a restart. Its management
 * interface is bound and secured on purpose: it listens on loopback only, the console and
 * management operations always need the management user, and health and metrics ask for it too when
 * HEALTH_SECURED / METRICS_SECURED say so (both open by default, for probes and scrapers, as {@code
 * HealthAndMetricsIT} checks).
 */
class SecuredNodeIT {

  private static final String USER = "ops";
  private static final String PASSWORD = "Sekrit-42";

  private static OwnNode node;
  private static DocbatchServer server;
  private static Path keysFile;

  @BeforeAll
  static void startNodeWithSecuredHealthAndMetrics() throws Exception {
    OwnNode.Builder secured = OwnNode.in("management-access");
    keysFile = secured.work().resolve("api-keys");
    Files.writeString(keysFile, "# no keys yet\n");
    // Readiness needs credentials here, so wait with them rather than through start().
    node =
        secured
            .with("NOOP_JOBS_ENABLED", "true")
            .with("API_KEYS_FILE", keysFile.toString())
            .with("HEALTH_SECURED", "true")
            .with("METRICS_SECURED", "true")
            .with("DOCBATCH_ADMIN_USER", USER)
            .with("DOCBATCH_ADMIN_PASSWORD", PASSWORD)
            .launch();
    server = node.server();
    ManagementClient admin = new ManagementClient(server, USER, PASSWORD);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> admin.get("/health/ready").status() == 200);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void healthMetricsAndManagementAnswerOnlyTheManagementUser() throws Exception {
    ManagementClient anonymous = new ManagementClient(server, null, null);
    ManagementClient wrong = new ManagementClient(server, USER, "not-" + PASSWORD);
    ManagementClient admin = new ManagementClient(server, USER, PASSWORD);

    for (String path : new String[] {"/health/ready", "/health/live", "/metrics", "/management"}) {
      assertEquals(401, anonymous.get(path).status(), path + " without credentials");
      assertEquals(401, wrong.get(path).status(), path + " with a wrong password");
    }
    assertEquals(200, admin.get("/health/ready").status());
    ManagementClient.Answer metrics = admin.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("docbatch_"), "docbatch's meters are there");
  }

  @Test
  void keysAddedToTheFileWorkAndKeysRemovedStopWithoutARestart() throws Exception {
    String key = ApiKeyTable.newKey();
    ApiClient carol = node.api().as(TestCredentials.Credential.apiKey(key));
    assertEquals(401, carol.get("/jobs").status(), "not in the file yet");

    Files.writeString(
        keysFile, "# carol, added at run time\n" + ApiKeyTable.entry("carol", Role.OPERATOR, key));
    await().atMost(Duration.ofSeconds(10)).until(() -> carol.get("/jobs").status() == 200);

    Files.writeString(keysFile, "# carol revoked\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> carol.get("/jobs").status() == 401);
    String log = Files.readString(server.log());
    assertFalse(log.contains(key), "the key itself is never logged");
  }

  @Test
  void theManagementPortListensOnLoopbackOnly() throws Exception {
    int port = server.management("/").getPort();
    Optional<InetAddress> external = externalAddress();
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    }
    if (external.isPresent()) {
      assertThrows(
          IOException.class,
          () -> {
            try (Socket outside = new Socket()) {
              outside.connect(new InetSocketAddress(external.get(), port), 2_000);
            }
          },
          "the management port answers on " + external.get());
    }
  }

  /** An IPv4 address of this machine that is not loopback, if it has one. */
  private static Optional<InetAddress> externalAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(
            nic -> {
              try {
                return nic.isUp() && !nic.isLoopback();
              } catch (IOException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address)
        .findFirst();
  }
}
