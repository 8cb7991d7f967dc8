package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.logging.Logger;
import org.docbatch.security.Allowed;
import org.docbatch.security.Authenticator;
import org.docbatch.security.Caller;
import org.docbatch.security.CredentialException;

/**
 * Lets a request through only with a credential ({@link Authenticator}) and a role at least the
 * resource method's {@link Allowed}. Refusals are problem answers: 401 {@code unauthenticated} with
 * {@code WWW-Authenticate}, 403 {@code forbidden}. The caller is then the request's {@link
 * SecurityContext} principal, which resources read with {@link Caller#of}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

  private static final Logger LOG = Logger.getLogger(AccessFilter.class.getName());

  @Inject Authenticator authenticator;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Caller caller;
    try {
      caller =
          authenticator.authenticate(
              request.getHeaderString("Authorization"), request.getHeaderString("X-API-Key"));
    } catch (CredentialException e) {
      throw new Problem(401, "unauthenticated", "Unauthenticated", e.getMessage())
          .header("WWW-Authenticate", "Bearer realm=\"docbatch\", ApiKey realm=\"docbatch\"");
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new CallerContext(caller, secure));
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

  /** The request's security context once the caller is known. */
  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return org.docbatch.security.Role.named(role).map(caller.role()::includes).orElse(false);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return caller.via().equals("token") ? "Bearer" : caller.via();
    }
  }
}
