package org.docbatch.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;
import org.junit.jupiter.api.Test;

/** A lease token reads back only with the key that signed it, and only as it was handed out. */
class ExternalLeaseTest {

  private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);

  private final ExternalLease lease = lease("job-1", 7);

  @Test
  void aTokenReadsBackAsTheLeaseItStandsFor() {
    ExternalLease read = ExternalLease.decode(lease.encode(KEY), KEY).orElseThrow();

    assertEquals(lease, read);
    assertEquals("job-1:7", read.taskId());
    assertEquals(7, read.index());
  }

  @Test
  void aTokenChangedOrSignedWithAnotherKeyIsRefused() {
    String token = lease.encode(KEY);
    String otherTask = lease("job-1", 8).encode("x".repeat(32).getBytes(StandardCharsets.UTF_8));
    // Another task's payload under this token's signature: what a worker guessing tokens sends.
    String spliced =
        lease("job-1", 8).encode(KEY).substring(0, token.indexOf('.'))
            + token.substring(token.indexOf('.'));

    assertTrue(ExternalLease.decode(otherTask, KEY).isEmpty());
    assertTrue(ExternalLease.decode(spliced, KEY).isEmpty());
    assertTrue(ExternalLease.decode(token + "x", KEY).isEmpty());
    assertTrue(ExternalLease.decode("not a token", KEY).isEmpty());
    assertTrue(ExternalLease.decode("", KEY).isEmpty());
    assertTrue(ExternalLease.decode(null, KEY).isEmpty());
  }

  private static ExternalLease lease(String jobId, int index) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("jobId", jobId);
    properties.put("workerType", "wordcount");
    properties.put("index", Integer.toString(index));
    properties.put("document", "users/alice/a b.txt");
    PartitionRef partition =
        new PartitionRef(0, 12, 34, index, "external", "documents", "node-a:1", false, properties);
    return new ExternalLease(
        "wordcount",
        "gpu-7",
        1_700_000_000_000L,
        new PartitionQueue.Lease(partition.encode(), "42"));
  }
}
