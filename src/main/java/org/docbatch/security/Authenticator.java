package org.docbatch.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds who sent a request from its credential: an API key ({@code X-API-Key}) or a bearer token
 * ({@code Authorization: Bearer}). The keys come from {@code API_KEYS} and from {@code
 * API_KEYS_FILE}, which is read again when it changes: keys are added and revoked without a
 * restart.
 */
@ApplicationScoped
public class Authenticator {

  private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

  /** How often, at most, the key file's modification time is looked at. */
  private static final long FILE_CHECK_MILLIS = 1_000;

  /** {@code AUTH_ENABLED}: whether requests need a credential (off only on a closed network). */
  @Inject
  @ConfigProperty(name = "auth.enabled", defaultValue = "true")
  boolean enabled;

  /** {@code API_KEYS}: key entries, {@code user:role:sha256hex}, separated by commas. */
  @Inject
  @ConfigProperty(name = "api.keys")
  Optional<String> inlineKeys;

  /** {@code API_KEYS_FILE}: a file of key entries, one per line. */
  @Inject
  @ConfigProperty(name = "api.keys.file")
  Optional<String> keysFile;

  /** {@code AUTH_JWT_SECRET}: the HS256 key of bearer tokens (at least 32 bytes). */
  @Inject
  @ConfigProperty(name = "auth.jwt.secret")
  Optional<String> jwtSecret;

  /**
   * {@code AUTH_JWT_PUBLIC_KEY_FILE}: a PEM public key (RSA: RS256, EC: ES256) of bearer tokens.
   */
  @Inject
  @ConfigProperty(name = "auth.jwt.public.key.file")
  Optional<String> jwtPublicKeyFile;

  /** {@code AUTH_JWT_ISSUER}: the issuer ({@code iss}) every token must name. */
  @Inject
  @ConfigProperty(name = "auth.jwt.issuer")
  Optional<String> jwtIssuer;

  /** {@code AUTH_JWT_AUDIENCE}: a value the token's {@code aud} must hold. */
  @Inject
  @ConfigProperty(name = "auth.jwt.audience")
  Optional<String> jwtAudience;

  /** {@code AUTH_JWT_ROLE_PREFIX}: what a token's group must start with to name a role. */
  @Inject
  @ConfigProperty(name = "auth.jwt.role.prefix")
  Optional<String> jwtRolePrefix;

  private ApiKeyTable inline = ApiKeyTable.EMPTY;
  private volatile ApiKeyTable keys = ApiKeyTable.EMPTY;
  private volatile long fileModified = -1;
  private volatile long fileCheckedAt;
  private JwtVerifier tokens;

  @PostConstruct
  void init() {
    if (!enabled) {
      LOG.warning(
          "DOCBATCH-1201 AUTHENTICATION IS OFF (AUTH_ENABLED=false): anyone who can reach the HTTP"
              + " port can submit jobs and read every job, document and result. Use this only on a"
              + " developer's machine or a closed network.");
      return;
    }
    inline = parsed(inlineKeys.orElse(""), "API_KEYS");
    keys = inline;
    reloadFile(true);
    tokens =
        new JwtVerifier(
            jwtSecret.map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null),
            jwtPublicKeyFile.map(Authenticator::readPublicKey).orElse(null),
            jwtIssuer.orElse(null),
            jwtAudience.orElse(null),
            jwtRolePrefix.orElse(""),
            Clock.systemUTC());
    if (keys.size() == 0 && keysFile.isEmpty() && !tokens.configured()) {
      // Closed rather than open: a node nobody can call is safe, and this line says why.
      LOG.severe(
          "DOCBATCH-1208 Authentication is on (AUTH_ENABLED) but no credential is configured:"
              + " every API request will be refused. Set API_KEYS, API_KEYS_FILE, AUTH_JWT_SECRET"
              + " or AUTH_JWT_PUBLIC_KEY_FILE.");
    }
    LOG.info(
        () ->
            "DOCBATCH-1202 Authentication on: "
                + keys.size()
                + " API keys"
                + (tokens.configured() ? ", bearer tokens accepted" : ", no bearer tokens"));
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * The caller a request's credential names.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-API-Key} header, or null
   */
  public Caller authenticate(String authorization, String apiKey) throws CredentialException {
    if (!enabled) {
      return Caller.OPEN;
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return key(apiKey.trim());
    }
    if (authorization == null || authorization.isBlank()) {
      throw new CredentialException(
          "this request has no credential: send an API key in X-API-Key or a token in"
              + " Authorization: Bearer");
    }
    String[] scheme = authorization.trim().split("\\s+", 2);
    if (scheme.length == 2 && scheme[0].equalsIgnoreCase("Bearer")) {
      return tokens.verify(scheme[1]);
    }
    if (scheme.length == 2 && scheme[0].equalsIgnoreCase("ApiKey")) {
      return key(scheme[1]);
    }
    throw new CredentialException(
        "the Authorization header is not 'Bearer <token>'; API keys go in X-API-Key");
  }

  private Caller key(String presented) throws CredentialException {
    reloadFile(false);
    return keys.find(presented)
        .orElseThrow(() -> new CredentialException("the API key is not known (or was revoked)"));
  }

  /** Reads the key file again when its modification time changed. */
  private void reloadFile(boolean first) {
    if (keysFile.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    if (!first && now - fileCheckedAt < FILE_CHECK_MILLIS) {
      return;
    }
    synchronized (this) {
      fileCheckedAt = now;
      Path file = Path.of(keysFile.get());
      try {
        long modified = Files.getLastModifiedTime(file).toMillis();
        if (modified == fileModified) {
          return;
        }
        ApiKeyTable fromFile = parsed(Files.readString(file), "API_KEYS_FILE");
        keys = inline.with(fromFile);
        fileModified = modified;
        if (!first) {
          LOG.info(() -> "DOCBATCH-1203 API keys read again from " + file + ": " + keys.size());
        }
      } catch (NoSuchFileException e) {
        // Deleting the file revokes its keys: fail closed, as an emptied file would.
        if (fileModified != -1 || first) {
          keys = inline;
          fileModified = -1;
          LOG.warning(
              () ->
                  "DOCBATCH-1222 API_KEYS_FILE "
                      + file
                      + " does not exist; its keys are not accepted ("
                      + keys.size()
                      + " API keys from API_KEYS remain)");
        }
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "DOCBATCH-1204 Cannot read API_KEYS_FILE "
                + file
                + " ("
                + e
                + "); the keys read before stay in use");
      }
    }
  }

  private static ApiKeyTable parsed(String text, String source) {
    ApiKeyTable.Parsed parsed = ApiKeyTable.parse(text);
    parsed
        .problems()
        .forEach(
            p -> LOG.warning("DOCBATCH-1205 " + source + ": " + p + "; that entry is ignored"));
    return parsed.table();
  }

  /** Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
  static PublicKey readPublicKey(String location) {
    try {
      String pem = Files.readString(Path.of(location));
      String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
      X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
      try {
        return KeyFactory.getInstance("RSA").generatePublic(spec);
      } catch (GeneralSecurityException notRsa) {
        return KeyFactory.getInstance("EC").generatePublic(spec);
      }
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "DOCBATCH-1206 AUTH_JWT_PUBLIC_KEY_FILE " + location + " is not a PEM public key: " + e,
          e);
    }
  }
}
