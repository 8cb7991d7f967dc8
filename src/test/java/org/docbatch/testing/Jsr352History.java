package org.docbatch.testing;

import jakarta.batch.runtime.JobExecution;
import java.util.List;
import org.docbatch.repository.RedisJobRepository;
import org.jberet.runtime.JobExecutionImpl;
import redis.clients.jedis.RedisClient;

/** The JSR-352 executions behind a docbatch job, read straight from the Redis repository. */
public final class Jsr352History {

  private Jsr352History() {}

  /** The steps the job's last JSR-352 execution ran, in order. */
  public static List<String> steps(RedisServer redis, String jobId) {
    try (RedisClient client = redis.client()) {
      long lastExecution =
          Long.parseLong(client.hget("docbatch:job:{" + jobId + "}", "execution_id"));
      RedisJobRepository repository = new RedisJobRepository(client, "docbatch:");
      return repository.getStepExecutions(lastExecution, null).stream()
          .sorted(java.util.Comparator.comparingLong(step -> step.getStepExecutionId()))
          .map(step -> step.getStepName())
          .toList();
    }
  }

  /** Every execution of the job's JSR-352 job instance, oldest first. */
  public static List<JobExecution> of(RedisServer redis, String jobId) {
    try (RedisClient client = redis.client()) {
      long lastExecution =
          Long.parseLong(client.hget("docbatch:job:{" + jobId + "}", "execution_id"));
      RedisJobRepository repository = new RedisJobRepository(client, "docbatch:");
      JobExecutionImpl last = (JobExecutionImpl) repository.getJobExecution(lastExecution);
      return repository.getJobExecutions(last.getJobInstance());
    }
  }
}
