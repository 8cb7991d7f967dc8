package org.docbatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The stored form of the management user's password is WildFly's own (add-user.sh's). */
class ManagementUserTest {

  @Test
  void theEntryIsTheDigestOfUserRealmAndPassword() {
    // printf 'admin:ManagementRealm:s3cret-pw' | md5sum
    assertEquals(
        "admin=665894d572d07ab0cb1eaa28d5798a6e", ManagementUser.entry("admin", "s3cret-pw"));
  }
}
