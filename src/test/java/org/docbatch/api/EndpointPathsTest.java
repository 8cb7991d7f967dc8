package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A request refused before matching still gets its action and job id in the audit log. */
class EndpointPathsTest {

  @Test
  void aPathAndMethodNameTheEndpointTheyWouldReach() {
    EndpointPaths.Match results = EndpointPaths.match("GET", "/jobs/job-1/results").orElseThrow();
    assertEquals("job.results", action(results));
    assertEquals("job-1", results.id());
    assertEquals("jobs.list", action(EndpointPaths.match("GET", "/jobs").orElseThrow()));
    assertEquals("job.submit", action(EndpointPaths.match("POST", "/jobs/").orElseThrow()));
    assertEquals("job.cancel", action(EndpointPaths.match("DELETE", "/jobs/x").orElseThrow()));
    assertEquals(
        "dead_letter.requeue",
        action(EndpointPaths.match("POST", "/dead-letters/dl-1/requeue").orElseThrow()));
    assertEquals(
        "document.upload", action(EndpointPaths.match("POST", "/documents").orElseThrow()));
    assertNull(EndpointPaths.match("GET", "/nodes").orElseThrow().id());
    assertTrue(EndpointPaths.match("GET", "/no-such-path").isEmpty());
    assertTrue(EndpointPaths.match("PUT", "/jobs").isEmpty());
  }

  private static String action(EndpointPaths.Match match) {
    return AuditActions.of(match.endpoint().resource(), match.endpoint().method());
  }
}
