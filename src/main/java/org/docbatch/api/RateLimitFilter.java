package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.OptionalLong;
import org.docbatch.security.Caller;
import org.docbatch.security.RateLimiter;

/**
 * Refuses a user's requests over {@code RATE_LIMIT_PER_MINUTE} with 429 {@code rate_limited} and
 * {@code Retry-After}. It runs right after {@link AccessFilter}, so it counts only requests whose
 * caller is known; with authentication off ({@link Caller#OPEN}) there is no user to count.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class RateLimitFilter implements ContainerRequestFilter {

  @Inject RateLimiter limiter;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)
        || caller.via().equals(Caller.OPEN.via())) {
      return;
    }
    OptionalLong retryAfter = limiter.admit(caller.user());
    if (retryAfter.isPresent()) {
      throw new Problem(
              429,
              "rate_limited",
              "Too many requests",
              caller.user()
                  + " sent more than "
                  + limiter.allowance()
                  + " requests in this window (RATE_LIMIT_PER_MINUTE); try again in "
                  + retryAfter.getAsLong()
                  + " s")
          .retryAfter(retryAfter.getAsLong());
    }
  }
}
