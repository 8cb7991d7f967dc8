package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyTableTest {

  @Test
  void aKeyIsFoundByItsHashAndTheKeyItselfIsNeverConfigured() {
    String key = ApiKeyTable.newKey();
    String entry = ApiKeyTable.entry("alice", Role.SUBMITTER, key);

    ApiKeyTable.Parsed parsed = ApiKeyTable.parse("# team keys\n" + entry + "  # alice's laptop\n");

    assertEquals(
        Optional.of(new Caller("alice", Role.SUBMITTER, "api_key")), parsed.table().find(key));
    assertEquals(Optional.empty(), parsed.table().find(key + "x"));
    assertTrue(!entry.contains(key) && parsed.problems().isEmpty(), entry);
  }

  @Test
  void badEntriesAreNamedAndSkippedWhileGoodOnesStay() {
    String good = ApiKeyTable.entry("bob", Role.OPERATOR, "k1");
    ApiKeyTable.Parsed parsed =
        ApiKeyTable.parse(
            "../etc:submitter:"
                + "a".repeat(64)
                + ", carol:root:"
                + "b".repeat(64)
                + "\ndave:admin:short\nnocolons\n"
                + good);

    assertEquals(1, parsed.table().size());
    assertEquals(4, parsed.problems().size(), parsed.problems().toString());
    assertTrue(parsed.problems().get(1).contains("'root'"), parsed.problems().toString());
  }

  @Test
  void newKeysAreLongAndDistinct() {
    String one = ApiKeyTable.newKey();
    assertTrue(one.startsWith("dbk_") && one.length() == 47, one);
    assertTrue(!one.equals(ApiKeyTable.newKey()));
  }
}
