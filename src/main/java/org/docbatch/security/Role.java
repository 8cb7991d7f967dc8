package org.docbatch.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. Each of submitter, operator and admin includes the ones before it: an
 * operator can do all a submitter can, on every user's jobs; an admin can do all an operator can,
 * and read the configuration. {@link #WORKER} stands apart: a worker machine's key takes, reports
 * and downloads external tasks and nothing else, and only it and an admin may do that.
 */
public enum Role {
  /** A worker outside the server: the external task protocol only (no job, no document list). */
  WORKER,
  /** Submits jobs and uploads; reads, cancels and retries only their own jobs. */
  SUBMITTER,
  /** Every user's jobs, the dead-letter queue, nodes, pools and metrics. */
  OPERATOR,
  /** The configuration. */
  ADMIN;

  /** Whether a caller with this role may do what {@code needed} allows. */
  public boolean includes(Role needed) {
    if (this == WORKER || needed == WORKER) {
      return this == needed || this == ADMIN;
    }
    return ordinal() >= needed.ordinal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code label} ({@code worker}, {@code submitter}, {@code operator}, {@code
   * admin}).
   */
  public static Optional<Role> named(String label) {
    return Arrays.stream(values())
        .filter(role -> role.label().equals(label.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /**
   * The highest role a token's {@code groups} grant: a group grants a role only when it is exactly
   * {@code prefix} followed by the role's label ({@code docbatch-admin} with the prefix {@code
   * docbatch-}; {@code admin} without one), so that an identity provider's unrelated group {@code
   * Admin} or {@code ADMINS} grants nothing.
   */
  public static Optional<Role> highestGroup(Iterable<String> groups, String prefix) {
    Role best = null;
    for (String group : groups) {
      for (Role role : values()) {
        if (group.equals(prefix + role.label()) && (best == null || role.includes(best))) {
          best = role;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The highest of the roles {@code labels} name; labels that name no role are ignored. */
  public static Optional<Role> highest(Iterable<String> labels) {
    Role best = null;
    for (String label : labels) {
      Role role = named(label).orElse(null);
      if (role != null && (best == null || role.includes(best))) {
        best = role;
      }
    }
    return Optional.ofNullable(best);
  }
}
