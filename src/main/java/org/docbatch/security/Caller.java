package org.docbatch.security;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who sent a request, as its credential proved.
 *
 * @param user the user's name: the owner of the jobs and uploads they make
 * @param role what they may do
 * @param via how they proved it: {@code api_key}, {@code token}, or {@code open} when
 *     authentication is off
 */
public record Caller(String user, Role role, String via) implements Principal {

  /** The caller of every request when authentication is off ({@code AUTH_ENABLED=false}). */
  public static final Caller OPEN = new Caller("anonymous", Role.ADMIN, "open");

  /**
   * The caller of the request {@code context} belongs to, as the credential filter set it.
   *
   * @throws IllegalStateException when none was (a request that never passed the filter): such a
   *     request is refused, never taken for {@link #OPEN}'s admin
   */
  public static Caller of(SecurityContext context) {
    if (context != null && context.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException(
        "DOCBATCH-1221 A request reached a resource without a known caller; it is refused");
  }

  @Override
  public String getName() {
    return user;
  }

  /** Whether this caller sees every user's jobs, not only their own. */
  public boolean seesAllJobs() {
    return role.includes(Role.OPERATOR);
  }

  /** Whether this caller may read or change a job owned by {@code owner}. */
  public boolean mayTouch(String owner) {
    return seesAllJobs() || user.equals(owner);
  }
}
