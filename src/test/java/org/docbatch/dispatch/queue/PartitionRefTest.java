package org.docbatch.dispatch.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.docbatch.store.ExecutionKey;
import org.junit.jupiter.api.Test;

/** Partitions of the server's operator keep their mark, and their executions stay apart. */
class PartitionRefTest {

  @Test
  void aReferenceSurvivesItsTextForm() {
    PartitionRef ref =
        new PartitionRef(
            -3,
            12,
            34,
            5,
            "job name",
            "step\tname",
            "node@1",
            false,
            Map.of("a=b", "c d", "e", ""));

    assertEquals(ref, PartitionRef.decode(ref.encode()));
  }

  @Test
  void namesThatLookEscapedOrNeedEscapingSurviveBothForms() {
    Map<String, String> own =
        Map.of(
            "document",
            "a+b %41 \u00fc~'!().pdf",
            "plain",
            "A-z_0.9*",
            "plus+key",
            "+",
            "jobId",
            "j+%");
    PartitionRef ref = new PartitionRef(1, 2, 3, 4, "job+1", "step%20", "node 1", false, own);

    assertEquals(ref, PartitionRef.decode(ref.encode()));
    Map<String, String> shared = Map.of("jobId", "j+%");
    String compact = ref.encodeCompact("5", shared);
    assertEquals(ref, PartitionRef.decode(compact, ref.encodeShared(shared, Set.of())));
    assertTrue(ref.encode().contains("plain=A-z_0.9*"), ref.encode());
  }

  @Test
  void aCompactEntryCarriesOnlyWhatDiffersAndReadsBackWhole() {
    Map<String, String> shared = new java.util.LinkedHashMap<>();
    shared.put("jobId", "job 1");
    shared.put("workerType", "noop");
    shared.put("index", "0");
    Map<String, String> own = new java.util.LinkedHashMap<>(shared);
    own.put("index", "143");
    own.put("document", "a=b\tc.pdf");
    PartitionRef ref = new PartitionRef(-2, 12, 34, 143, "noop", "step", "node@1", true, own);

    String entry = ref.encodeCompact("7", shared);

    assertEquals("-2\t@7\t143\tindex=143\tdocument=a%3Db%09c.pdf", entry);
    assertEquals("7", PartitionRef.sharedStep(entry));
    assertEquals(ref, PartitionRef.decode(entry, ref.encodeShared(shared)));
    assertEquals(null, PartitionRef.sharedStep(ref.encode()));
    assertEquals(ref, PartitionRef.decode(ref.encode(), null));
  }

  @Test
  void aPropertyThatIsThePartitionIdIsWrittenOnlyWhereItDiffers() {
    Map<String, String> shared = Map.of("jobId", "j");
    Set<String> byId = Set.of("index");
    PartitionRef first = new PartitionRef(0, 1, 2, 7, "noop", "noop", "n@1", false, props("7"));
    PartitionRef retried = new PartitionRef(0, 1, 2, 8, "noop", "noop", "n@1", false, props("%"));
    String sharedPart = first.encodeShared(shared, byId);

    assertEquals("0\t@3\t7", first.encodeCompact("3", shared, byId));
    assertEquals("0\t@3\t8\tindex=%25", retried.encodeCompact("3", shared, byId));
    assertEquals(first, PartitionRef.decode(first.encodeCompact("3", shared, byId), sharedPart));
    assertEquals(
        retried, PartitionRef.decode(retried.encodeCompact("3", shared, byId), sharedPart));
  }

  private static Map<String, String> props(String index) {
    return Map.of("jobId", "j", "index", index);
  }

  @Test
  void oneSharedPartReadOnceServesEveryPartitionOfItsStep() {
    Map<String, String> shared = Map.of("jobId", "j 1", "workerType", "noop");
    Set<String> byId = Set.of("index");
    PartitionRef first =
        new PartitionRef(1, 5, 6, 0, "job", "step", "n@1", false, ownProperties("0", "a.pdf"));
    PartitionRef second =
        new PartitionRef(2, 5, 6, 1, "job", "step", "n@1", false, ownProperties("1", "b c.pdf"));
    PartitionRef.SharedPart part = PartitionRef.decodeShared(first.encodeShared(shared, byId));

    assertEquals(first, PartitionRef.decodeWith(first.encodeCompact("4", shared, byId), part));
    assertEquals(second, PartitionRef.decodeWith(second.encodeCompact("4", shared, byId), part));
    assertEquals(first, PartitionRef.decodeWith(first.encodeCompact("4", shared, byId), part));
  }

  private static Map<String, String> ownProperties(String index, String document) {
    return Map.of("jobId", "j 1", "workerType", "noop", "index", index, "document", document);
  }

  @Test
  void aCompactEntryWhoseSharedPartIsGoneIsAnOrphan() {
    PartitionRef ref =
        new PartitionRef(0, 12, 34, 5, "noop", "noop", "node@1", false, Map.of("index", "5"));

    PartitionRef orphan = PartitionRef.decode(ref.encodeCompact("9", Map.of()), null);

    assertTrue(orphan.orphan());
    assertFalse(ref.orphan());
    assertEquals(Map.of("index", "5"), orphan.properties());
  }

  @Test
  void aServerEnginePartitionSurvivesItsTextForm() {
    PartitionRef ref = new PartitionRef(2, 3, 40, 1, "noop", "noop", "node-a@1", true, Map.of());

    PartitionRef decoded = PartitionRef.decode(ref.encode());

    assertEquals(ref, decoded);
    assertTrue(ref.encode().startsWith("2\ts3\t"), ref.encode());
    assertEquals(ExecutionKey.server("node-a@1", 3), decoded.execution());
  }

  @Test
  void theSameIdOnTwoServersOrInRedisNamesThreeExecutions() {
    PartitionRef redis = new PartitionRef(0, 3, 40, 1, "noop", "noop", "node-a@1", false, Map.of());
    PartitionRef serverA =
        new PartitionRef(0, 3, 40, 1, "noop", "noop", "node-a@1", true, Map.of());
    PartitionRef serverB =
        new PartitionRef(0, 3, 40, 1, "noop", "noop", "node-b@2", true, Map.of());

    assertNotEquals(redis.execution(), serverA.execution());
    assertNotEquals(serverA.execution(), serverB.execution());
    assertEquals("3", redis.execution().toString());
    assertEquals("node-b@2/3", serverB.execution().toString());
    assertFalse(redis.execution().onServerEngine());
  }

  @Test
  void anExecutionKeySurvivesItsTextForm() {
    assertEquals(ExecutionKey.of(17), ExecutionKey.parse("17"));
    ExecutionKey server = ExecutionKey.server("host-0@1764400000000", 17);
    assertEquals(server, ExecutionKey.parse(server.toString()));
  }
}
