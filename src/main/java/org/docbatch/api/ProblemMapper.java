package org.docbatch.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns every exception that leaves a resource into an {@code application/problem+json} answer:
 * docbatch's own {@link Problem}s as they are, JAX-RS errors (unknown path, wrong method or media
 * type) with their status, Redis being unreachable as a 503, and anything else as a 500 that
 * carries an incident id, never a stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(Throwable error) {
    String path = uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
    Problem problem = problemIn(error);
    if (problem != null) {
      return problem.toResponse(path);
    }
    if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      int status = web.getResponse().getStatus();
      Response.StatusType type = Response.Status.fromStatusCode(status);
      String title = type == null ? "Request error" : type.getReasonPhrase();
      String code = title.toLowerCase().replaceAll("[^a-z0-9]+", "_");
      return new Problem(status, code, title, describe(web, status)).toResponse(path);
    }
    if (error instanceof JedisConnectionException) {
      LOG.log(
          Level.WARNING, "DOCBATCH-0902 Redis unreachable on " + path + ": " + error.getMessage());
      return new Problem(
              503,
              "redis_unavailable",
              "Service unavailable",
              "docbatch cannot reach Redis; try again shortly")
          .toResponse(path);
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(
        Level.SEVERE,
        error,
        () -> "DOCBATCH-0900 Unexpected error, incident " + incident + " on " + path);
    return new Problem(
            500,
            "internal_error",
            "Internal error",
            "docbatch failed to handle this request; the server log has incident " + incident)
        .toResponse(path);
  }

  /**
   * The {@link Problem} itself, or one a body reader wrapped (a request body found too large while
   * it is read: see {@link RequestSizeFilter}); null when there is none.
   */
  private static Problem problemIn(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof Problem problem) {
        return problem;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String describe(WebApplicationException error, int status) {
    return switch (status) {
      case 404 -> "no resource at this path; see docs/api.md for the API";
      case 405 -> "this path does not accept that HTTP method";
      case 406 -> "this resource cannot answer in the media type the Accept header asks for";
      case 415 -> "this resource does not accept the request's Content-Type";
      default -> error.getMessage();
    };
  }
}
