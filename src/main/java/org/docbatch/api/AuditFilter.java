package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.audit.AuditEntry;
import org.docbatch.audit.AuditLog;
import org.docbatch.json.Json;
import org.docbatch.node.NodeIdentity;
import org.docbatch.security.Caller;

/**
 * Writes an {@link AuditEntry} for every answered {@code /api} request, refused ones included: a
 * refusal is a {@link Problem} that {@link ProblemMapper} turns into an answer, and response
 * filters see those too. It notes the arrival time before anything else runs (the lowest priority
 * of the request filters) and writes after every other response filter (response filters run in
 * reverse priority order).
 */
@Provider
@PreMatching
@Priority(1)
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String ARRIVED = AuditFilter.class.getName() + ".arrived";

  /**
   * Set on a request that must leave no line: an address over its allowance of refusals ({@link
   * CredentialFilter}), whose flood would otherwise rotate the audit history away.
   */
  static final String UNAUDITED = AuditFilter.class.getName() + ".unaudited";

  @Inject AuditLog audit;
  @Inject NodeIdentity node;
  @Context ResourceInfo resource;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(ARRIVED, Instant.now());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(UNAUDITED) != null) {
      return;
    }
    Instant arrived = request.getProperty(ARRIVED) instanceof Instant at ? at : Instant.now();
    Caller caller =
        request.getSecurityContext() != null
                && request.getSecurityContext().getUserPrincipal() instanceof Caller known
            ? known
            : null;
    String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
    Class<?> resourceClass = resource == null ? null : resource.getResourceClass();
    Method resourceMethod = resource == null ? null : resource.getResourceMethod();
    String pathId = request.getUriInfo().getPathParameters().getFirst("id");
    if (resourceMethod == null) {
      // Refused before it was matched (CredentialFilter): name what it would have reached.
      var match = EndpointPaths.match(request.getMethod(), path);
      if (match.isPresent()) {
        resourceClass = match.get().endpoint().resource();
        resourceMethod = match.get().endpoint().method();
        pathId = match.get().id();
      }
    }
    String action = AuditActions.of(resourceClass, resourceMethod);
    JsonObject answer = answerObject(response);
    String code = null;
    String detail = null;
    if (response.getStatus() >= 400 && answer != null) {
      code = string(answer, "code");
      detail = string(answer, "detail");
    }
    String jobId = answer == null || response.getStatus() >= 400 ? null : string(answer, "job_id");
    if (jobId == null
        && (resourceClass == JobResource.class || resourceClass == JobTasksResource.class)) {
      jobId = pathId;
    }
    audit.record(
        new AuditEntry(
            arrived,
            node.id(),
            caller == null ? null : caller.user(),
            caller == null ? null : caller.role().label(),
            caller == null ? null : caller.via(),
            credential(request),
            servletRequest == null ? null : servletRequest.getRemoteAddr(),
            request.getMethod(),
            path,
            action,
            jobId,
            resourceClass == DeadLetterResource.class ? pathId : null,
            resourceClass == DocumentResource.class && answer != null
                ? documentIds(answer)
                : List.of(),
            response.getStatus(),
            code,
            detail,
            Math.max(0, Instant.now().toEpochMilli() - arrived.toEpochMilli())));
  }

  /** The kind of credential the request presented, never its value. */
  private static String credential(ContainerRequestContext request) {
    String key = request.getHeaderString("X-API-Key");
    if (key != null && !key.isBlank()) {
      return "api_key";
    }
    String authorization = request.getHeaderString("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return "none";
    }
    return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? "bearer" : "other";
  }

  /** The answer's JSON object: a resource's own, or a problem's (written as text). */
  private static JsonObject answerObject(ContainerResponseContext response) {
    Object entity = response.getEntity();
    if (entity instanceof JsonObject object) {
      return object;
    }
    MediaType type = response.getMediaType();
    if (entity instanceof String text
        && type != null
        && Problem.MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype())) {
      try (JsonReader reader = Json.createReader(new StringReader(text))) {
        return reader.readObject();
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  private static String string(JsonObject object, String name) {
    return object.get(name) instanceof JsonString value ? value.getString() : null;
  }

  private static List<String> documentIds(JsonObject answer) {
    List<String> ids = new ArrayList<>();
    if (answer.get("documents") instanceof JsonArray documents) {
      for (JsonValue document : documents) {
        if (document instanceof JsonObject stored && string(stored, "document_id") != null) {
          ids.add(string(stored, "document_id"));
        }
      }
    }
    return ids;
  }
}
