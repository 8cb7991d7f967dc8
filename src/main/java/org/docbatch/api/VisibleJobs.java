package org.docbatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import org.docbatch.security.Caller;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * The jobs a caller may see, for every resource under {@code /jobs/{id}}: another user's job is as
 * missing as one that never was (404, never 403, so ids cannot be probed).
 */
@ApplicationScoped
class VisibleJobs {

  @Inject JobStore store;

  /** The job, if the caller may see it; a 404 problem otherwise. */
  JobRecord find(String id, SecurityContext security) {
    Caller caller = Caller.of(security);
    return store
        .find(id)
        .filter(job -> caller.mayTouch(job.owner()))
        .orElseThrow(() -> noSuchJob(id));
  }

  static Problem noSuchJob(String id) {
    return Problem.notFound(
        "job_not_found", "no job has the id '" + id + "' (finished jobs expire after JOB_TTL)");
  }
}
