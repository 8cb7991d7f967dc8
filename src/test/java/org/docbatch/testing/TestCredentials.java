package org.docbatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbatch.security.ApiKeyTable;
import org.docbatch.security.Role;

/**
 * The users every test server knows ({@link DocbatchServer} configures them unless a test sets
 * {@code API_KEYS} itself): an admin, an operator, two submitters and a worker machine, each with
 * an API key, plus the HS256 secret that signs test bearer tokens.
 */
public final class TestCredentials {

  /** A credential a client sends: one header. */
  public record Credential(String header, String value) {
    /** No credential at all. */
    public static final Credential NONE = new Credential(null, null);

    public static Credential apiKey(String key) {
      return new Credential("X-API-Key", key);
    }

    public static Credential bearer(String token) {
      return new Credential("Authorization", "Bearer " + token);
    }
  }

  public static final String ADMIN_KEY = "dbk_test-admin-key-0000000000000000000000000";
  public static final String OPERATOR_KEY = "dbk_test-operator-key-00000000000000000000000";
  public static final String ALICE_KEY = "dbk_test-alice-key-0000000000000000000000000";
  public static final String BOB_KEY = "dbk_test-bob-key-000000000000000000000000000";
  public static final String WORKER_KEY = "dbk_test-worker-key-00000000000000000000000000";

  public static final Credential ADMIN = Credential.apiKey(ADMIN_KEY);
  public static final Credential OPERATOR = Credential.apiKey(OPERATOR_KEY);
  public static final Credential ALICE = Credential.apiKey(ALICE_KEY);
  public static final Credential BOB = Credential.apiKey(BOB_KEY);
  public static final Credential WORKER = Credential.apiKey(WORKER_KEY);

  /** {@code API_KEYS} for a test server: the five users above. */
  public static final String API_KEYS =
      String.join(
          ",",
          List.of(
              ApiKeyTable.entry("admin", Role.ADMIN, ADMIN_KEY),
              ApiKeyTable.entry("operator", Role.OPERATOR, OPERATOR_KEY),
              ApiKeyTable.entry("alice", Role.SUBMITTER, ALICE_KEY),
              ApiKeyTable.entry("bob", Role.SUBMITTER, BOB_KEY),
              ApiKeyTable.entry("worker-1", Role.WORKER, WORKER_KEY)));

  /** {@code AUTH_JWT_SECRET} for a test server. */
  public static final String JWT_SECRET = "docbatch-test-secret-of-more-than-32-bytes";

  /** {@code AUTH_JWT_ISSUER} for a test server. */
  public static final String JWT_ISSUER = "https://issuer.docbatch.test";

  /** {@code AUTH_JWT_AUDIENCE} for a test server. */
  public static final String JWT_AUDIENCE = "docbatch-test";

  private TestCredentials() {}

  /** A bearer token of the test issuer, signed with the test secret. */
  public static String token(String user, String group, Instant expires) {
    return token(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"iss\":\""
            + JWT_ISSUER
            + "\",\"aud\":\""
            + JWT_AUDIENCE
            + "\",\"upn\":\""
            + user
            + "\",\"groups\":[\""
            + group
            + "\"],\"exp\":"
            + expires.getEpochSecond()
            + "}",
        JWT_SECRET);
  }

  /** A token of any header and claims, signed with HS256 under {@code secret}. */
  public static String token(String header, String claims, String secret) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        base64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed
          + "."
          + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
