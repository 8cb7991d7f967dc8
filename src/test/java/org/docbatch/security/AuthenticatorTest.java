package org.docbatch.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 22: deleting API_KEYS_FILE kept every key read from it valid. */
class AuthenticatorTest {

  private static final String FILE_KEY = "dbk_file-key-000000000000000000000000000000";
  private static final String INLINE_KEY = "dbk_inline-key-0000000000000000000000000000";

  @TempDir Path dir;

  @Test
  void deletingTheKeyFileRevokesItsKeysButNotTheInlineOnes() throws Exception {
    Path file =
        Files.writeString(dir.resolve("keys"), ApiKeyTable.entry("dora", Role.OPERATOR, FILE_KEY));
    Authenticator authenticator = new Authenticator();
    authenticator.enabled = true;
    authenticator.inlineKeys = Optional.of(ApiKeyTable.entry("ivan", Role.SUBMITTER, INLINE_KEY));
    authenticator.keysFile = Optional.of(file.toString());
    authenticator.jwtSecret = Optional.empty();
    authenticator.jwtPublicKeyFile = Optional.empty();
    authenticator.jwtIssuer = Optional.empty();
    authenticator.jwtAudience = Optional.empty();
    authenticator.jwtRolePrefix = Optional.empty();
    authenticator.init();
    assertEquals("dora", authenticator.authenticate(null, FILE_KEY).user());

    Files.delete(file);

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> refused(authenticator, FILE_KEY));
    assertEquals("ivan", authenticator.authenticate(null, INLINE_KEY).user());
    assertThrows(CredentialException.class, () -> authenticator.authenticate(null, FILE_KEY));
  }

  private static boolean refused(Authenticator authenticator, String key) {
    try {
      authenticator.authenticate(null, key);
      return false;
    } catch (CredentialException e) {
      return true;
    }
  }
}
