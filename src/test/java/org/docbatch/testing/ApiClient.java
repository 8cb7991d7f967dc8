package org.docbatch.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.awaitility.Awaitility;

/** Talks to docbatch over HTTP the way a user's client would. */
public final class ApiClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Function<String, URI> api;
  private final TestCredentials.Credential credential;

  /** A client that calls as the test admin ({@link TestCredentials#ADMIN}). */
  public ApiClient(Function<String, URI> api) {
    this(api, TestCredentials.ADMIN);
  }

  private ApiClient(Function<String, URI> api, TestCredentials.Credential credential) {
    this.api = api;
    this.credential = credential;
  }

  /** The same server, called with another credential ({@link TestCredentials.Credential#NONE}). */
  public ApiClient as(TestCredentials.Credential other) {
    return new ApiClient(api, other);
  }

  /** An answer: status, headers and body. */
  public record Answer(
      int status,
      String contentType,
      String location,
      String retryAfter,
      String body,
      java.net.http.HttpHeaders headers) {
    /** A header's first value, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  /**
   * Waits until job {@code id} has finished (its record has {@code finished_at}) and returns it.
   */
  public JsonObject awaitFinished(String id, Duration atMost) {
    return Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get("/jobs/" + id).json(), job -> job.containsKey("finished_at"));
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(api.apply(path)).GET());
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(api.apply(path)).DELETE());
  }

  public Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(api.apply(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A JSON PUT. */
  public Answer put(String path, String json) {
    return send(
        HttpRequest.newBuilder(api.apply(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST of {@code body} as it is, labelled {@code contentType}. */
  public Answer postRaw(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(api.apply(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON POST with extra headers, given as name, value, name, value... */
  public Answer post(String path, String json, String... headers) {
    return send(
        HttpRequest.newBuilder(api.apply(path))
            .header("Content-Type", "application/json")
            .headers(headers)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Uploads one file as {@code multipart/form-data}, part name {@code file}. */
  public Answer upload(Path file) throws IOException {
    return upload(file, file.getFileName().toString());
  }

  /** Uploads one file under the file name {@code filename}, whatever the file is called here. */
  public Answer upload(Path file, String filename) throws IOException {
    return upload(file, filename, new String[0]);
  }

  /** As {@link #upload(Path, String)}, with extra headers given as name, value, name, value... */
  public Answer upload(Path file, String filename, String... headers) throws IOException {
    String boundary = "docbatch-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] content = Files.readAllBytes(file);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.apply("/documents"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** A download: status, headers and the body's bytes. */
  public record Download(int status, java.net.http.HttpHeaders headers, byte[] body) {
    /** A header's first value, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** GETs {@code path} with these request headers (name, value, name, value...), as bytes. */
  public Download download(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(api.apply(path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (credential.header() != null) {
      request.header(credential.header(), credential.value());
    }
    try {
      HttpResponse<byte[]> response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Download(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("docbatch did not answer " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    if (credential.header() != null) {
      request.header(credential.header(), credential.value());
    }
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Location").orElse(null),
          response.headers().firstValue("Retry-After").orElse(null),
          response.body(),
          response.headers());
    } catch (IOException e) {
      throw new IllegalStateException("docbatch did not answer " + request.build().uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
