package org.docbatch.repository;

import java.lang.ref.SoftReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jberet.job.model.Job;
import org.jberet.repository.ApplicationAndJobName;

/**
 * Parsed job definitions: a local, soft cache, as JBeret's own repositories keep them (JBeret
 * reloads the XML when one is gone).
 */
final class JobDefinitions {

  private final ConcurrentMap<ApplicationAndJobName, SoftReference<Job>> jobs =
      new ConcurrentHashMap<>();

  void add(ApplicationAndJobName name, Job job) {
    jobs.put(name, new SoftReference<>(job));
  }

  Job get(ApplicationAndJobName name) {
    SoftReference<Job> ref = jobs.get(name);
    return ref == null ? null : ref.get();
  }

  /** Forgets the job's definitions, of every application. */
  void forget(String jobName) {
    jobs.keySet().removeIf(name -> name.jobName.equals(jobName));
  }
}
