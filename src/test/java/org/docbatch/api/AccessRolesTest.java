package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.junit.jupiter.api.Test;

/** Every resource method declares who may call it, and the roles are the ones documented. */
class AccessRolesTest {

  private static final List<Class<?>> RESOURCES =
      List.of(
          ConfigResource.class,
          DeadLetterResource.class,
          DocumentResource.class,
          EventResource.class,
          JobResource.class,
          MetricsResource.class,
          NodeResource.class,
          WorkerResource.class,
          TaskReportResource.class);

  @Test
  void everyResourceMethodHasTheDocumentedRole() {
    Map<String, Role> roles = new TreeMap<>();
    for (Class<?> resource : RESOURCES) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method method : resource.getDeclaredMethods()) {
        String verb = verb(method);
        if (verb == null) {
          continue;
        }
        Path path = method.getAnnotation(Path.class);
        Allowed allowed = AccessFilter.allowed(method);
        assertNotNull(allowed, resource.getSimpleName() + "." + method.getName());
        roles.put(verb + " " + base + (path == null ? "" : path.value()), allowed.value());
      }
    }

    Map<String, Role> documented = new TreeMap<>();
    documented.put("GET /config", Role.ADMIN);
    documented.put("GET /config/default", Role.ADMIN);
    documented.put("PUT /config/features", Role.ADMIN);
    documented.put("GET /dead-letters", Role.OPERATOR);
    documented.put("POST /dead-letters/{id}/requeue", Role.OPERATOR);
    documented.put("DELETE /dead-letters/{id}", Role.OPERATOR);
    documented.put("POST /documents", Role.SUBMITTER);
    documented.put("GET /events", Role.OPERATOR);
    documented.put("POST /jobs", Role.SUBMITTER);
    documented.put("GET /jobs", Role.SUBMITTER);
    documented.put("GET /jobs/{id}", Role.SUBMITTER);
    documented.put("GET /jobs/{id}/results", Role.SUBMITTER);
    documented.put("DELETE /jobs/{id}", Role.SUBMITTER);
    documented.put("POST /jobs/{id}/retry", Role.SUBMITTER);
    documented.put("GET /metrics", Role.OPERATOR);
    documented.put("GET /metrics/history", Role.OPERATOR);
    documented.put("GET /nodes", Role.OPERATOR);
    documented.put("GET /workers", Role.OPERATOR);
    documented.put("POST /workers/{type}/lease", Role.WORKER);
    documented.put("POST /tasks/{task_id}/heartbeat", Role.WORKER);
    documented.put("POST /tasks/{task_id}/complete", Role.WORKER);
    documented.put("POST /tasks/{task_id}/fail", Role.WORKER);
    documented.put("GET /tasks/{task_id}/document", Role.WORKER);
    assertEquals(documented, roles);
  }

  @Test
  void eachRoleIncludesTheOnesBelowIt() {
    assertEquals(
        true, Role.ADMIN.includes(Role.OPERATOR) && Role.OPERATOR.includes(Role.SUBMITTER));
    assertEquals(
        false, Role.SUBMITTER.includes(Role.OPERATOR) || Role.OPERATOR.includes(Role.ADMIN));
  }

  @Test
  void aWorkerDoesNothingButTheWorkerProtocolAndOnlyAnAdminJoinsIt() {
    for (Role role : List.of(Role.SUBMITTER, Role.OPERATOR, Role.ADMIN)) {
      assertEquals(false, Role.WORKER.includes(role), "worker includes " + role);
    }
    assertEquals(true, Role.WORKER.includes(Role.WORKER));
    assertEquals(true, Role.ADMIN.includes(Role.WORKER));
    assertEquals(
        false, Role.OPERATOR.includes(Role.WORKER) || Role.SUBMITTER.includes(Role.WORKER));
  }

  private static String verb(Method method) {
    if (method.isAnnotationPresent(GET.class)) {
      return "GET";
    }
    if (method.isAnnotationPresent(POST.class)) {
      return "POST";
    }
    if (method.isAnnotationPresent(DELETE.class)) {
      return "DELETE";
    }
    return method.isAnnotationPresent(PUT.class) ? "PUT" : null;
  }
}
