package org.docbatch.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource method a request would reach, found from its method and path alone: for the audit
 * line of a request refused before it was matched ({@link CredentialFilter} answers 401 before
 * JAX-RS matches anything), which must still name its action and the job it named.
 */
final class EndpointPaths {

  private static final List<Class<?>> RESOURCES =
      List.of(
          JobResource.class,
          JobTasksResource.class,
          TasksResource.class,
          DocumentResource.class,
          DeadLetterResource.class,
          NodeResource.class,
          MetricsResource.class,
          EventResource.class,
          ConfigResource.class,
          ArtifactResource.class,
          ExportResource.class,
          WorkerResource.class,
          TaskReportResource.class);

  /** A resource method, its HTTP method and its path as a pattern ({@code id} its one group). */
  record Endpoint(Class<?> resource, Method method, String httpMethod, Pattern path) {}

  /** What a request matched: the endpoint and the path's {@code {id}}, or null. */
  record Match(Endpoint endpoint, String id) {}

  private static final List<Endpoint> ENDPOINTS = endpoints();

  private EndpointPaths() {}

  /** The endpoint {@code httpMethod} on {@code path} (under {@code /api}) reaches, if any. */
  static Optional<Match> match(String httpMethod, String path) {
    for (Endpoint endpoint : ENDPOINTS) {
      Matcher matcher = endpoint.path().matcher(path);
      if (endpoint.httpMethod().equals(httpMethod) && matcher.matches()) {
        return Optional.of(new Match(endpoint, matcher.groupCount() > 0 ? matcher.group(1) : null));
      }
    }
    return Optional.empty();
  }

  private static List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method method : resource.getDeclaredMethods()) {
        String http = httpMethod(method);
        if (http == null) {
          continue;
        }
        Path own = method.getAnnotation(Path.class);
        String template = (base + (own == null ? "" : "/" + own.value())).replaceAll("/+", "/");
        String regex =
            Pattern.quote(template.replaceAll("/$", ""))
                .replace("{id}", "\\E([^/]+)\\Q")
                .replaceAll("\\{[a-z_]+\\}", "\\\\E[^/]+\\\\Q");
        endpoints.add(new Endpoint(resource, method, http, Pattern.compile(regex + "/?")));
      }
    }
    return List.copyOf(endpoints);
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }
}
