package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.docbatch.testing.TestCredentials;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
  private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  private final JwtVerifier hmac =
      new JwtVerifier(SECRET.getBytes(StandardCharsets.UTF_8), null, "https://idp", null, CLOCK);

  @Test
  void aValidTokenNamesItsUserAndHighestRole() throws Exception {
    Caller caller = hmac.verify(hs256(claims("alice", "[\"submitter\",\"operator\"]", 60)));

    assertEquals(new Caller("alice", Role.OPERATOR, "token"), caller);
  }

  /** Issue 22: roles were bare group names matched in any case ("Admin", "ADMIN"). */
  @Test
  void aGroupNamesARoleOnlyExactlyAndWithTheRolePrefix() throws Exception {
    JwtVerifier prefixed =
        new JwtVerifier(
            SECRET.getBytes(StandardCharsets.UTF_8), null, "https://idp", null, "docbatch-", CLOCK);

    assertEquals(
        Role.ADMIN,
        prefixed.verify(hs256(claims("alice", "[\"docbatch-admin\",\"admin\"]", 60))).role());
    assertEquals(
        Role.SUBMITTER,
        prefixed.verify(hs256(claims("alice", "[\"admin\",\"docbatch-submitter\"]", 60))).role());
    assertThrows(
        CredentialException.class,
        () -> prefixed.verify(hs256(claims("alice", "[\"admin\",\"Docbatch-Admin\"]", 60))));
    assertThrows(
        CredentialException.class, () -> hmac.verify(hs256(claims("alice", "[\"ADMIN\"]", 60))));
  }

  /** Issue 22: a short AUTH_JWT_SECRET was accepted. */
  @Test
  void aSecretShorterThan32BytesIsRefused() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new JwtVerifier(
                    "31-bytes-is-one-too-few-for-it!".getBytes(StandardCharsets.UTF_8),
                    null,
                    "https://idp",
                    "docbatch",
                    CLOCK));
    assertTrue(refused.getMessage().startsWith("DOCBATCH-1223"), refused.getMessage());
  }

  @Test
  void expiredTokensAreRefusedAfterAMinuteOfSkew() throws Exception {
    hmac.verify(hs256(claims("alice", "[\"submitter\"]", -59)));

    CredentialException expired =
        assertThrows(
            CredentialException.class,
            () -> hmac.verify(hs256(claims("alice", "[\"submitter\"]", -61))));
    assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
  }

  @Test
  void forgedTokensAreRefused() {
    String good = hs256(claims("alice", "[\"admin\"]", 60));
    String[] parts = good.split("\\.");
    String otherClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims("mallory", "[\"admin\"]", 60).getBytes(StandardCharsets.UTF_8));
    for (String forged :
        new String[] {
          parts[0] + "." + otherClaims + "." + parts[2], // claims swapped under a good signature
          TestCredentials.token(HS256, claims("alice", "[\"admin\"]", 60), "another-secret-x"),
          unsigned(claims("alice", "[\"admin\"]", 60)),
          "not.a-token",
          "",
        }) {
      assertThrows(CredentialException.class, () -> hmac.verify(forged), forged);
    }
  }

  @Test
  void theIssuerAudienceUserAndRoleAreRequired() {
    JwtVerifier withAudience =
        new JwtVerifier(
            SECRET.getBytes(StandardCharsets.UTF_8), null, "https://idp", "docbatch", CLOCK);
    String noAudience = hs256(claims("alice", "[\"submitter\"]", 60));
    String otherIssuer =
        noAudience.isEmpty()
            ? ""
            : hs256(claims("alice", "[\"submitter\"]", 60).replace("https://idp", "https://other"));
    String noRole = hs256(claims("alice", "[\"viewer\"]", 60));
    String noExpiry = hs256("{\"iss\":\"https://idp\",\"upn\":\"alice\",\"groups\":[\"admin\"]}");

    assertThrows(CredentialException.class, () -> withAudience.verify(noAudience));
    assertThrows(CredentialException.class, () -> hmac.verify(otherIssuer));
    assertThrows(CredentialException.class, () -> hmac.verify(noRole));
    assertThrows(CredentialException.class, () -> hmac.verify(noExpiry));
  }

  @Test
  void rsaAndEcKeysVerifyTheirOwnAlgorithmOnly() throws Exception {
    for (String[] kind :
        new String[][] {
          {"RSA", "RS256", "SHA256withRSA"}, {"EC", "ES256", "SHA256withECDSAinP1363Format"}
        }) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(kind[0]);
      generator.initialize(kind[0].equals("RSA") ? 2048 : 256);
      KeyPair keys = generator.generateKeyPair();
      JwtVerifier verifier = new JwtVerifier(null, keys.getPublic(), "https://idp", null, CLOCK);
      String header = "{\"alg\":\"" + kind[1] + "\"}";
      String body = claims("carol", "[\"operator\"]", 60);
      String signed = encode(header) + "." + encode(body);
      Signature signature = Signature.getInstance(kind[2]);
      signature.initSign(keys.getPrivate());
      signature.update(signed.getBytes(StandardCharsets.US_ASCII));
      String token =
          signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());

      assertEquals("carol", verifier.verify(token).user(), kind[1]);
      // Key confusion: an HS256 token "signed" with the public key's bytes.
      String confused =
          TestCredentials.token(
              HS256, body, new String(keys.getPublic().getEncoded(), StandardCharsets.ISO_8859_1));
      assertThrows(CredentialException.class, () -> verifier.verify(confused), kind[1]);
    }
  }

  private static String claims(String user, String groups, long expiresInSeconds) {
    return "{\"iss\":\"https://idp\",\"upn\":\""
        + user
        + "\",\"groups\":"
        + groups
        + ",\"exp\":"
        + NOW.plusSeconds(expiresInSeconds).getEpochSecond()
        + "}";
  }

  private static String hs256(String claims) {
    return TestCredentials.token(HS256, claims, SECRET);
  }

  private static String unsigned(String claims) {
    return encode("{\"alg\":\"none\"}") + "." + encode(claims) + ".";
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
