package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.junit.jupiter.api.Test;

/** Issue 22: {@code Caller.of} fell back to the admin caller. */
class CallerTest {

  @Test
  void aRequestWithoutAKnownCallerIsRefusedNotTakenForTheAdmin() {
    assertThrows(IllegalStateException.class, () -> Caller.of(null));
    assertThrows(IllegalStateException.class, () -> Caller.of(context(() -> "someone")));

    Caller alice = new Caller("alice", Role.SUBMITTER, "api_key");
    assertEquals(alice, Caller.of(context(alice)));
  }

  private static SecurityContext context(Principal principal) {
    return new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return principal;
      }

      @Override
      public boolean isUserInRole(String role) {
        return false;
      }

      @Override
      public boolean isSecure() {
        return false;
      }

      @Override
      public String getAuthenticationScheme() {
        return null;
      }
    };
  }
}
