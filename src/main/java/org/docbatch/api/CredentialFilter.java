package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.docbatch.security.Authenticator;
import org.docbatch.security.Caller;
import org.docbatch.security.CredentialException;
import org.docbatch.security.RefusalCounter;
import org.docbatch.security.Role;

/**
 * Finds who sent a request ({@link Authenticator}) before anything else looks at it: it runs before
 * the request is matched to a resource, so that a request without a valid credential is answered
 * 401 {@code unauthenticated} (with {@code WWW-Authenticate}) whatever its path, method or media
 * type, and learns nothing else. The caller becomes the request's {@link SecurityContext}
 * principal; {@link AccessFilter} then checks its role. Past its allowance of refusals ({@link
 * RefusalCounter}) an address's refusals are answered 429 {@code too_many_failed_attempts}, without
 * an audit line.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class CredentialFilter implements ContainerRequestFilter {

  @Inject Authenticator authenticator;
  @Inject RefusalCounter refusals;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    Caller caller;
    try {
      caller =
          authenticator.authenticate(
              request.getHeaderString("Authorization"), request.getHeaderString("X-API-Key"));
    } catch (CredentialException e) {
      String address = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
      long wait = refusals.refused(address);
      if (wait > 0) {
        request.setProperty(AuditFilter.UNAUDITED, Boolean.TRUE);
        throw new Problem(
                429,
                "too_many_failed_attempts",
                "Too many failed attempts",
                "this address sent more than "
                    + refusals.allowance()
                    + " requests without a valid credential in a minute"
                    + " (AUTH_FAILURES_PER_MINUTE); try again in "
                    + wait
                    + " s")
            .retryAfter(wait);
      }
      throw new Problem(401, "unauthenticated", "Unauthenticated", e.getMessage())
          .header("WWW-Authenticate", "Bearer realm=\"docbatch\", ApiKey realm=\"docbatch\"");
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new CallerContext(caller, secure));
  }

  /** The request's security context once the caller is known. */
  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return Role.named(role).map(caller.role()::includes).orElse(false);
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
