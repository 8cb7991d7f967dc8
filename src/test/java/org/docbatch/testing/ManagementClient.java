package org.docbatch.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WildFly's HTTP management API (:9990/management) as an operator's script calls it: JSON
 * operations over POST, HTTP digest authentication (RFC 7616, MD5 with qop=auth, what WildFly's
 * ManagementRealm offers). Java's HTTP client has no digest scheme, hence this one.
 */
public final class ManagementClient {

  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final DocbatchServer server;
  private final String user;
  private final String password;

  /** A client logging in as {@code user}; a null user sends no credentials. */
  public ManagementClient(DocbatchServer server, String user, String password) {
    this.server = server;
    this.user = user;
    this.password = password;
  }

  /** An answer: status and body. */
  public record Answer(int status, String body) {
    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  /** Runs a management operation, e.g. {@code {"operation":"read-resource","address":[...]}}. */
  public Answer execute(JsonObject operation) throws IOException, InterruptedException {
    return send("POST", "/management", operation.toString());
  }

  /** A GET of any path of the management interface (the console's pages, say). */
  public Answer get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  private Answer send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> first = http.send(request(method, path, body, null), ofString());
    if (first.statusCode() != 401 || user == null) {
      return new Answer(first.statusCode(), first.body());
    }
    String challenge =
        first.headers().allValues("WWW-Authenticate").stream()
            .filter(h -> h.regionMatches(true, 0, "Digest ", 0, 7))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no digest challenge: " + first.headers()));
    String authorization = authorization(method, path, parameters(challenge));
    HttpResponse<String> second = http.send(request(method, path, body, authorization), ofString());
    return new Answer(second.statusCode(), second.body());
  }

  private HttpRequest request(String method, String path, String body, String authorization) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.management(path)).timeout(Duration.ofSeconds(30));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static Map<String, String> parameters(String challenge) {
    Map<String, String> parameters = new HashMap<>();
    Matcher matcher = PARAMETER.matcher(challenge.substring(7));
    while (matcher.find()) {
      parameters.put(
          matcher.group(1).toLowerCase(java.util.Locale.ROOT),
          matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
    }
    return parameters;
  }

  private String authorization(String method, String path, Map<String, String> challenge) {
    String algorithm = challenge.getOrDefault("algorithm", "MD5");
    String digest = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
    String realm = challenge.get("realm");
    String nonce = challenge.get("nonce");
    String nc = "00000001";
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String cnonce = HexFormat.of().formatHex(random);
    String ha1 = hash(digest, user + ":" + realm + ":" + password);
    String ha2 = hash(digest, method + ":" + path);
    boolean qop =
        challenge.containsKey("qop")
            && List.of(challenge.get("qop").split(",")).stream()
                .map(String::trim)
                .anyMatch("auth"::equals);
    String response =
        qop
            ? hash(digest, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
            : hash(digest, ha1 + ":" + nonce + ":" + ha2);
    StringBuilder header =
        new StringBuilder("Digest username=\"")
            .append(user)
            .append("\", realm=\"")
            .append(realm)
            .append("\", nonce=\"")
            .append(nonce)
            .append("\", uri=\"")
            .append(path)
            .append("\", algorithm=")
            .append(algorithm)
            .append(", response=\"")
            .append(response)
            .append('"');
    if (qop) {
      header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
    }
    if (challenge.containsKey("opaque")) {
      header.append(", opaque=\"").append(challenge.get("opaque")).append('"');
    }
    return header.toString();
  }

  private static String hash(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
