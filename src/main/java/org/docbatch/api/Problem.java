package org.docbatch.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.docbatch.json.Json;

/**
 * An RFC 9457 problem answer ({@code application/problem+json}) with a stable {@code code} a client
 * can match on and a {@code detail} a person can act on. Thrown by resources, written by {@link
 * ProblemMapper}.
 */
public class Problem extends WebApplicationException {

  public static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String code;
  private final String title;
  private final JsonArray errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public Problem(int status, String code, String title, String detail) {
    this(status, code, title, detail, null);
  }

  /** A problem that lists several errors, each {@code {"code", "message", ...}}. */
  public Problem(int status, String code, String title, String detail, JsonArray errors) {
    super(detail, status);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
  }

  public static Problem badRequest(String code, String detail) {
    return new Problem(400, code, "Invalid request", detail);
  }

  public static Problem notFound(String code, String detail) {
    return new Problem(404, code, "Not found", detail);
  }

  public static Problem conflict(String code, String detail) {
    return new Problem(409, code, "Conflict with the job's state", detail);
  }

  /** Adds a {@code Retry-After} header: the client may try again after that many seconds. */
  public Problem retryAfter(long seconds) {
    return header("Retry-After", Long.toString(seconds));
  }

  /** Adds a header to the answer ({@code WWW-Authenticate}, ...). */
  public Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  Response toResponse(String instance) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "urn:docbatch:problem:" + code)
            .add("title", title)
            .add("status", status)
            .add("detail", getMessage())
            .add("code", code);
    if (instance != null) {
      body.add("instance", instance);
    }
    if (errors != null) {
      body.add("errors", errors);
    }
    Response.ResponseBuilder response =
        Response.status(status).type(MEDIA_TYPE).entity(body.build().toString());
    headers.forEach(response::header);
    return response.build();
  }
}
