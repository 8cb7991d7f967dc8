package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.logging.Logger;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;

/**
 * Lets a request through only with a role at least the resource method's {@link Allowed}: 403
 * {@code forbidden} otherwise. The caller is the request's {@link SecurityContext} principal, which
 * {@link CredentialFilter} set before the request was matched; resources read it with {@link
 * Caller#of}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

  private static final Logger LOG = Logger.getLogger(AccessFilter.class.getName());

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Caller caller = Caller.of(request.getSecurityContext());
    Allowed allowed = allowed(resource.getResourceMethod());
    if (allowed == null) {
      LOG.severe(
          () ->
              "DOCBATCH-1207 "
                  + resource.getResourceClass().getSimpleName()
                  + "."
                  + resource.getResourceMethod().getName()
                  + " has no @Allowed role; refused to everyone");
    }
    if (allowed == null || !caller.role().includes(allowed.value())) {
      throw new Problem(
          403,
          "forbidden",
          "Forbidden",
          "this needs the "
              + (allowed == null ? "(undeclared)" : allowed.value().label())
              + " role; "
              + caller.user()
              + " has "
              + caller.role().label());
    }
  }

  /** The method's {@link Allowed}, else its class's; null when neither has one. */
  static Allowed allowed(Method method) {
    if (method == null) {
      return null;
    }
    Allowed own = method.getAnnotation(Allowed.class);
    return own != null ? own : method.getDeclaringClass().getAnnotation(Allowed.class);
  }
}
