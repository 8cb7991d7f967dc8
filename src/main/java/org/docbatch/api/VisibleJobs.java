package org.docbatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import org.docbatch.security.Caller;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * The jobs a caller may see, for every resource under {@code /jobs/{id}}: their own, or every job
 * for an operator or admin. Another user's job answers as a job that never was (404 {@code
 * job_not_found}, never 403), so that ids cannot be probed.
 */
@ApplicationScoped
public class VisibleJobs {

  @Inject JobStore store;

  /**
   * @throws Problem 404 {@code job_not_found}
   */
  public JobRecord find(Caller caller, String id) {
    return store
        .find(id)
        .filter(job -> caller.mayTouch(job.owner()))
        .orElseThrow(() -> noSuchJob(id));
  }

  /** As {@link #find(Caller, String)}, for the caller of a request. */
  JobRecord find(String id, SecurityContext security) {
    return find(Caller.of(security), id);
  }

  static Problem noSuchJob(String id) {
    return Problem.notFound(
        "job_not_found", "no job has the id '" + id + "' (finished jobs expire after JOB_TTL)");
  }
}
