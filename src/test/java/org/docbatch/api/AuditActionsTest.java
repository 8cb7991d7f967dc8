package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditActionsTest {

  @Test
  void endpointsHaveTheirNamesAndUnknownOnesAGeneratedName() throws Exception {
    assertEquals(
        "job.submit",
        AuditActions.of(
            JobResource.class, JobResource.class.getMethod("submit", String.class, String.class)));
    assertEquals(
        "job.read",
        AuditActions.of(JobResource.class, JobResource.class.getMethod("get", String.class)));
    assertEquals(
        "problem_mapper.toResponse",
        AuditActions.of(
            ProblemMapper.class, ProblemMapper.class.getMethod("toResponse", Throwable.class)));
    assertEquals(AuditActions.UNKNOWN, AuditActions.of(null, null));
  }
}
