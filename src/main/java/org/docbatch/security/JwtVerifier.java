package org.docbatch.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbatch.json.Json;

/**
 * Checks a bearer token: a signed JWT (RFC 7519) with MicroProfile JWT's claims. The signature must
 * verify with the configured key, whose kind fixes the algorithm ({@code HS256} for a shared
 * secret, {@code RS256} for an RSA key, {@code ES256} for an EC key): the token's own {@code alg}
 * header can only agree, so {@code none} and key confusion are refused. {@code exp} is required,
 * {@code nbf} and {@code iat} are honoured, with a minute of clock skew. The user is {@code upn},
 * else {@code preferred_username}, else {@code sub}; the role is the highest of {@code groups} that
 * is exactly the role prefix and a role's label ({@link Role#highestGroup}).
 */
public final class JwtVerifier {

  private static final long SKEW_SECONDS = 60;

  private final byte[] secret;
  private final PublicKey publicKey;
  private final String issuer;
  private final String audience;
  private final String rolePrefix;
  private final Clock clock;

  /** The shortest HS256 secret accepted: RFC 7518 asks for a key as long as the hash, 32 bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  /**
   * @param secret the HS256 key, or null
   * @param publicKey the RS256 or ES256 key, or null
   * @param issuer the {@code iss} every token must carry, or null to accept any
   * @param audience a value {@code aud} must hold, or null to accept any
   */
  public JwtVerifier(
      byte[] secret, PublicKey publicKey, String issuer, String audience, Clock clock) {
    this(secret, publicKey, issuer, audience, "", clock);
  }

  /**
   * @param rolePrefix what a group must start with to name a role ({@code docbatch-} for {@code
   *     docbatch-admin}), {@code ""} for bare role names; see {@link Role#highestGroup}
   * @throws IllegalArgumentException when {@code secret} is shorter than {@link #MIN_SECRET_BYTES}
   */
  public JwtVerifier(
      byte[] secret,
      PublicKey publicKey,
      String issuer,
      String audience,
      String rolePrefix,
      Clock clock) {
    if (secret != null && secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "DOCBATCH-1223 AUTH_JWT_SECRET has "
              + secret.length
              + " bytes; HS256 needs at least "
              + MIN_SECRET_BYTES);
    }
    this.rolePrefix = rolePrefix == null ? "" : rolePrefix;
    this.secret = secret == null ? null : secret.clone();
    this.publicKey = publicKey;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /** Whether a key is configured: without one, no token is accepted. */
  public boolean configured() {
    return secret != null || publicKey != null;
  }

  public Caller verify(String token) throws CredentialException {
    if (!configured()) {
      throw new CredentialException(
          "this server accepts no bearer tokens (no AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY_FILE)");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new CredentialException(
          "the bearer token is not a signed JWT (header.payload.signature)");
    }
    JsonObject header = decode(parts[0], "header");
    String alg = header.getString("alg", "");
    if (!alg.equals(expectedAlgorithm())) {
      throw new CredentialException(
          "the bearer token is signed with '"
              + printable(alg)
              + "'; this server accepts "
              + expectedAlgorithm());
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!signatureValid(signed, bytes(parts[2], "signature"))) {
      throw new CredentialException("the bearer token's signature does not verify");
    }
    JsonObject claims = decode(parts[1], "payload");
    checkTimes(claims);
    if (issuer != null && !issuer.equals(text(claims, "iss").orElse(null))) {
      throw new CredentialException("the bearer token was not issued by " + issuer);
    }
    if (audience != null && !audiences(claims).contains(audience)) {
      throw new CredentialException("the bearer token is not meant for " + audience);
    }
    String user =
        text(claims, "upn")
            .or(() -> text(claims, "preferred_username"))
            .or(() -> text(claims, "sub"))
            .orElseThrow(
                () -> new CredentialException("the bearer token names no user (upn or sub)"));
    Role role =
        Role.highestGroup(groups(claims), rolePrefix)
            .orElseThrow(
                () ->
                    new CredentialException(
                        "the bearer token's groups hold none of "
                            + rolePrefix
                            + "submitter, "
                            + rolePrefix
                            + "operator, "
                            + rolePrefix
                            + "admin"));
    return new Caller(user, role, "token");
  }

  private String expectedAlgorithm() {
    if (secret != null) {
      return "HS256";
    }
    return publicKey.getAlgorithm().equals("EC") ? "ES256" : "RS256";
  }

  private boolean signatureValid(byte[] signed, byte[] signature) throws CredentialException {
    try {
      if (secret != null) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return MessageDigest.isEqual(mac.doFinal(signed), signature);
      }
      Signature verifier =
          Signature.getInstance(
              publicKey.getAlgorithm().equals("EC")
                  ? "SHA256withECDSAinP1363Format"
                  : "SHA256withRSA");
      verifier.initVerify(publicKey);
      verifier.update(signed);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new CredentialException("the bearer token's signature does not verify");
    }
  }

  private void checkTimes(JsonObject claims) throws CredentialException {
    long now = Instant.now(clock).getEpochSecond();
    long expires =
        seconds(claims, "exp")
            .orElseThrow(() -> new CredentialException("the bearer token has no expiry (exp)"));
    if (now > expires + SKEW_SECONDS) {
      throw new CredentialException(
          "the bearer token expired at " + Instant.ofEpochSecond(expires) + "; get a new one");
    }
    Optional<Long> notBefore = seconds(claims, "nbf");
    if (notBefore.isPresent() && now + SKEW_SECONDS < notBefore.get()) {
      throw new CredentialException(
          "the bearer token is not valid before " + Instant.ofEpochSecond(notBefore.get()));
    }
    Optional<Long> issued = seconds(claims, "iat");
    if (issued.isPresent() && now + SKEW_SECONDS < issued.get()) {
      throw new CredentialException("the bearer token was issued in the future");
    }
  }

  private static Optional<Long> seconds(JsonObject claims, String name) throws CredentialException {
    JsonValue value = claims.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonNumber number) {
      return Optional.of(number.longValue());
    }
    throw new CredentialException("the bearer token's " + name + " is not a number");
  }

  private static Optional<String> text(JsonObject claims, String name) {
    return claims.get(name) instanceof JsonString value && !value.getString().isBlank()
        ? Optional.of(value.getString())
        : Optional.empty();
  }

  private static List<String> groups(JsonObject claims) {
    return strings(claims.get("groups"));
  }

  private static List<String> audiences(JsonObject claims) {
    return strings(claims.get("aud"));
  }

  private static List<String> strings(JsonValue value) {
    List<String> values = new ArrayList<>();
    if (value instanceof JsonString single) {
      values.add(single.getString());
    } else if (value instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (item instanceof JsonString text) {
          values.add(text.getString());
        }
      }
    }
    return values;
  }

  private static JsonObject decode(String part, String name) throws CredentialException {
    try (var reader =
        Json.createReader(
            new StringReader(new String(bytes(part, name), StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new CredentialException("the bearer token's " + name + " is not a JSON object");
    }
  }

  private static byte[] bytes(String part, String name) throws CredentialException {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new CredentialException("the bearer token's " + name + " is not base64url");
    }
  }

  private static String printable(String text) {
    String shown = text.replaceAll("[^\\x20-\\x7e]", "?");
    return shown.length() > 20 ? shown.substring(0, 20) + "..." : shown;
  }
}
