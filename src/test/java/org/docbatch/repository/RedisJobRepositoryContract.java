package org.docbatch.repository;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.docbatch.testing.TestRedis;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the Jakarta Batch TCK never checks, whatever Redis the repository runs on: ordering, counts,
 * removal, running executions seen from another node, the live execution, and restart semantics.
 * Run against a real Redis of each topology by a subclass marked with it ({@link
 * RedisJobRepositoryOnRedisIT}, {@link RedisJobRepositoryOnSentinelIT}, {@link
 * RedisJobRepositoryOnClusterIT}), started once for the class.
 */
@ExtendWith(TestRedis.class)
abstract class RedisJobRepositoryContract {

  private static final String JOB = "repository-contract";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private UnifiedJedis client;

  private RedisJobRepository repository;
  private PlainBatchEnvironment node;
  private JobOperatorImpl operator;

  @BeforeEach
  void newNode(UnifiedJedis client) {
    this.client = client;
    // A prefix of its own per test: tests share one Redis but not their data.
    repository = new RedisJobRepository(client, "it-" + UUID.randomUUID() + ":");
    node = new PlainBatchEnvironment(repository);
    operator = new JobOperatorImpl(node);
    ScriptedBatchlet.failNext(0);
  }

  @AfterEach
  void closeNode() {
    ScriptedBatchlet.release();
    node.close();
  }

  @Test
  void jobInstancesAreNewestFirstAndCounted() {
    long first = runToEnd(operator.start(JOB, new Properties()));
    long second = runToEnd(operator.start(JOB, new Properties()));
    long third = runToEnd(operator.start(JOB, new Properties()));

    List<JobInstance> instances = operator.getJobInstances(JOB, 0, 10);

    assertEquals(
        List.of(instanceOf(third), instanceOf(second), instanceOf(first)),
        instances.stream().map(JobInstance::getInstanceId).toList());
    assertEquals(3, operator.getJobInstanceCount(JOB));
    assertEquals(1, operator.getJobInstances(JOB, 1, 1).size());
    assertEquals(instanceOf(second), operator.getJobInstances(JOB, 1, 1).get(0).getInstanceId());
    assertTrue(operator.getJobNames().contains(JOB));
  }

  @Test
  void jobExecutionsByJobAreNewestFirstAndLimited() {
    long first = runToEnd(operator.start(JOB, new Properties()));
    long second = runToEnd(operator.start(JOB, new Properties()));
    long third = runToEnd(operator.start(JOB, new Properties()));

    assertEquals(List.of(third, second, first), repository.getJobExecutionsByJob(JOB));
    assertEquals(List.of(third, second), repository.getJobExecutionsByJob(JOB, 2));
    assertEquals(List.of(third, second, first), repository.getJobExecutionsByJob(JOB, null));
    assertEquals(List.of(), repository.getJobExecutionsByJob("no-such-job"));
  }

  @Test
  void restartAfterFailFailSucceedKeepsOneInstanceWithThreeExecutions() {
    ScriptedBatchlet.failNext(2);
    Properties parameters = new Properties();
    parameters.setProperty("document", "scan-0001.png");

    long first = operator.start(JOB, parameters);
    assertEquals(BatchStatus.FAILED, statusAtEnd(first));
    long second = operator.restart(first, parameters);
    assertEquals(BatchStatus.FAILED, statusAtEnd(second));
    long third = operator.restart(second, parameters);
    assertEquals(BatchStatus.COMPLETED, statusAtEnd(third));

    assertEquals(1, operator.getJobInstanceCount(JOB));
    JobInstance instance = operator.getJobInstance(third);
    assertEquals(instanceOf(first), instance.getInstanceId());
    List<JobExecution> executions = operator.getJobExecutions(instance);
    assertEquals(
        List.of(first, second, third),
        executions.stream().map(JobExecution::getExecutionId).toList());
    assertEquals(
        List.of(BatchStatus.FAILED, BatchStatus.FAILED, BatchStatus.COMPLETED),
        executions.stream().map(JobExecution::getBatchStatus).toList());
    assertEquals("scan-0001.png", operator.getParameters(third).getProperty("document"));
    assertEquals(3, repository.countStepStartTimes("work", instance.getInstanceId()));
    assertEquals(1, operator.getStepExecutions(third).size());
  }

  @Test
  void runningExecutionsAreSeenFromAnotherNodeSharingRedis() {
    RedisJobRepository otherRepository = new RedisJobRepository(client, prefixOf(repository));
    try (PlainBatchEnvironment otherNode = new PlainBatchEnvironment(otherRepository)) {
      JobOperatorImpl other = new JobOperatorImpl(otherNode);
      ScriptedBatchlet.hold();
      long running = operator.start(JOB, new Properties());
      await().atMost(WAIT).until(() -> other.getRunningExecutions(JOB).contains(running));

      assertEquals(BatchStatus.STARTED, other.getJobExecution(running).getBatchStatus());
      assertSame(operator.getJobExecution(running), operator.getJobExecution(running));

      operator.stop(running);
      assertEquals(BatchStatus.STOPPED, statusAtEnd(running));
      await().atMost(WAIT).until(() -> other.getRunningExecutions(JOB).isEmpty());
      assertEquals(BatchStatus.STOPPED, other.getJobExecution(running).getBatchStatus());
    }
  }

  @Test
  void stopJobExecutionMarksARunningExecutionStoppingForTheNodeThatRunsIt() {
    ScriptedBatchlet.hold();
    long running = operator.start(JOB, new Properties());
    await().atMost(WAIT).until(() -> repository.getRunningExecutions(JOB).contains(running));
    RedisJobRepository otherRepository = new RedisJobRepository(client, prefixOf(repository));
    JobExecution copy = otherRepository.getJobExecution(running);

    otherRepository.stopJobExecution((org.jberet.runtime.JobExecutionImpl) copy);

    assertEquals(BatchStatus.STOPPING, otherRepository.getJobExecution(running).getBatchStatus());
    assertFalse(otherRepository.getRunningExecutions(JOB).contains(running));
  }

  @Test
  void anotherNodeStopsAChunkStepAtItsNextCheckpoint() {
    String chunkJob = "repository-contract-chunk";
    RedisJobRepository otherRepository = new RedisJobRepository(client, prefixOf(repository));
    try (PlainBatchEnvironment otherNode = new PlainBatchEnvironment(otherRepository)) {
      JobOperatorImpl other = new JobOperatorImpl(otherNode);
      long running = operator.start(chunkJob, new Properties());
      await().atMost(WAIT).until(() -> other.getRunningExecutions(chunkJob).contains(running));

      other.stop(running);

      await()
          .atMost(WAIT)
          .until(() -> other.getJobExecution(running).getBatchStatus() == BatchStatus.STOPPED);
      assertEquals(BatchStatus.STOPPED, operator.getJobExecution(running).getBatchStatus());
      StepExecution step = other.getStepExecutions(running).get(0);
      assertEquals(BatchStatus.STOPPED, step.getBatchStatus());
    }
  }

  @Test
  void anotherNodeRestartsAStoppedChunkStepFromItsCheckpoint() {
    String chunkJob = "repository-contract-chunk";
    EndlessReader.lastStart.set(-1);
    long stopped = operator.start(chunkJob, new Properties());
    await().atMost(WAIT).until(() -> readCount(stopped) > 0);
    operator.stop(stopped);
    await()
        .atMost(WAIT)
        .until(() -> operator.getJobExecution(stopped).getBatchStatus() == BatchStatus.STOPPED);
    assertEquals(0, EndlessReader.lastStart.get());

    RedisJobRepository otherRepository = new RedisJobRepository(client, prefixOf(repository));
    try (PlainBatchEnvironment otherNode = new PlainBatchEnvironment(otherRepository)) {
      JobOperatorImpl other = new JobOperatorImpl(otherNode);
      long restarted = other.restart(stopped, new Properties());
      // The restarted reader opens at the stopped run's checkpoint, read from Redis by this node.
      await().atMost(WAIT).until(() -> EndlessReader.lastStart.get() > 0);
      other.stop(restarted);
      await()
          .atMost(WAIT)
          .until(() -> other.getJobExecution(restarted).getBatchStatus() == BatchStatus.STOPPED);

      assertEquals(
          operator.getJobInstance(stopped).getInstanceId(),
          other.getJobInstance(restarted).getInstanceId());
    }
  }

  @Test
  void endedExecutionsAreNotHeldInMemory() {
    runToEnd(operator.start(JOB, new Properties()));
    runToEnd(operator.start(JOB, new Properties()));

    await().atMost(WAIT).until(() -> repository.liveExecutionCount() == 0);
  }

  @Test
  void removeJobExecutionsRemovesOnlyTheSelected() {
    long kept = runToEnd(operator.start(JOB, new Properties()));
    ScriptedBatchlet.failNext(1);
    long removed = runToEnd(operator.start(JOB, new Properties()));

    repository.removeJobExecutions(new FailedExecutions());

    assertNull(repository.getJobExecution(removed));
    assertNotNull(repository.getJobExecution(kept));
    assertEquals(List.of(kept), repository.getJobExecutionsByJob(JOB));
    assertEquals(List.of(), repository.getStepExecutions(removed, null));
  }

  @Test
  void removeJobInstanceRemovesItsExecutions() {
    long kept = runToEnd(operator.start(JOB, new Properties()));
    long removed = runToEnd(operator.start(JOB, new Properties()));
    long removedInstance = instanceOf(removed);

    repository.removeJobInstance(removedInstance);

    assertNull(repository.getJobInstance(removedInstance));
    assertNull(repository.getJobExecution(removed));
    assertEquals(1, repository.getJobInstanceCount(JOB));
    assertEquals(List.of(kept), repository.getJobExecutionsByJob(JOB));
  }

  @Test
  void removeJobRemovesEverythingOfTheJob() {
    long execution = runToEnd(operator.start(JOB, new Properties()));
    long instance = instanceOf(execution);

    repository.removeJob(JOB);

    assertFalse(repository.jobExists(JOB));
    assertEquals(0, repository.getJobInstanceCount(JOB));
    assertNull(repository.getJobInstance(instance));
    assertNull(repository.getJobExecution(execution));
    assertEquals(List.of(), repository.getJobExecutionsByJob(JOB));
    assertTrue(keys(prefixOf(repository) + "batch:step:*").isEmpty());
  }

  @Test
  void finishedJobsExpireAfterTheirTtlAndRunningOnesStay() {
    long finished = runToEnd(operator.start(JOB, new Properties()));
    long finishedInstance = instanceOf(finished);
    ScriptedBatchlet.hold();
    long running = operator.start(JOB, new Properties());
    await().atMost(WAIT).until(() -> repository.getRunningExecutions(JOB).contains(running));

    int removed = repository.removeInstancesEndedBefore(Instant.now().plusSeconds(1));

    assertEquals(1, removed);
    assertNull(repository.getJobInstance(finishedInstance));
    assertNull(repository.getJobExecution(finished));
    assertEquals(List.of(running), repository.getJobExecutionsByJob(JOB));
    assertEquals(1, repository.getJobInstanceCount(JOB));
  }

  @Test
  void aRestartedInstanceIsNotExpiredWhileItRunsAgain() {
    ScriptedBatchlet.failNext(1);
    long failed = runToEnd(operator.start(JOB, new Properties()));
    ScriptedBatchlet.hold();
    long again = operator.restart(failed, new Properties());
    await().atMost(WAIT).until(() -> repository.getRunningExecutions(JOB).contains(again));

    assertEquals(0, repository.removeInstancesEndedBefore(Instant.now().plusSeconds(1)));
    assertNotNull(repository.getJobExecution(failed));
    assertEquals(
        List.of(failed, again),
        operator.getJobExecutions(operator.getJobInstance(again)).stream()
            .map(JobExecution::getExecutionId)
            .toList());
  }

  @Test
  void endedInstancesYoungerThanTheTtlStay() {
    long finished = runToEnd(operator.start(JOB, new Properties()));

    assertEquals(0, repository.removeInstancesEndedBefore(Instant.now().minusSeconds(3600)));
    assertNotNull(repository.getJobExecution(finished));
  }

  @Test
  void partitionRowsAreReadBackStoppedAndRemovedFromAnotherNode() {
    ScriptedBatchlet.hold();
    long running = operator.start(JOB, new Properties());
    await().atMost(WAIT).until(() -> repository.getRunningExecutions(JOB).contains(running));
    StepExecutionImpl step = (StepExecutionImpl) repository.getStepExecutions(running, null).get(0);
    long stepId = step.getStepExecutionId();
    // given 250 partitions (three buckets): 200 written one at a time, 50 in a deferred batch
    for (int id = 0; id < 200; id++) {
      repository.addPartitionExecution(step, partition(step, id));
    }
    repository.deferPartitionWrites(stepId);
    for (int id = 200; id < 250; id++) {
      repository.addPartitionExecution(step, partition(step, id));
    }
    repository.endPartitionWriteDeferral(stepId);
    // ... the even ones of the first hundred completed, with an exit status and data
    for (int id = 0; id < 100; id += 2) {
      PartitionExecutionImpl done = partition(step, id);
      done.setBatchStatus(BatchStatus.COMPLETED);
      done.setExitStatus("done " + id);
      done.setPersistentUserData("data " + id);
      repository.savePersistentData(null, done);
    }

    // when another node reads them
    RedisJobRepository other = new RedisJobRepository(client, prefixOf(repository));
    List<PartitionExecutionImpl> read = other.getPartitionExecutions(stepId, null, false, null);

    // then each is there once, in order, as written, under its step's name
    assertEquals(250, read.size());
    for (int id = 0; id < read.size(); id++) {
      PartitionExecutionImpl partition = read.get(id);
      boolean done = id < 100 && id % 2 == 0;
      assertEquals(id, partition.getPartitionId());
      assertEquals(step.getStepName(), partition.getStepName());
      assertEquals(done ? BatchStatus.COMPLETED : BatchStatus.STARTED, partition.getBatchStatus());
      assertEquals(done ? "done " + id : null, partition.getExitStatus());
      assertEquals(done ? "data " + id : null, partition.getPersistentUserData());
    }
    assertEquals(200, other.getPartitionExecutions(stepId, null, true, null).size());
    // ... kept compact: Redis holds every bucket as a listpack
    Set<String> buckets = keys(prefixOf(repository) + "batch:step:{" + stepId + "}:rows:*");
    assertEquals(3, buckets.size());
    buckets.forEach(bucket -> assertEquals("listpack", client.objectEncoding(bucket)));

    // when another node stops the execution, its started partitions learn it at their next save
    other.stopJobExecution((JobExecutionImpl) other.getJobExecution(running));
    assertEquals(0, repository.savePersistentDataIfNotStopping(null, partition(step, 1)));
    PartitionExecutionImpl completed = partition(step, 0);
    completed.setBatchStatus(BatchStatus.COMPLETED);
    assertEquals(1, repository.savePersistentDataIfNotStopping(null, completed));
    assertEquals(
        BatchStatus.STOPPING,
        other.getPartitionExecutions(stepId, null, false, null).get(3).getBatchStatus());

    ScriptedBatchlet.release();
    runToEnd(running);
    repository.removeJob(JOB);
    assertTrue(keys(prefixOf(repository) + "batch:step:*").isEmpty());
  }

  /**
   * Upgrade: rows that a version before the bucketed rows wrote (a hash per partition, listed in a
   * set) are read, stopped and removed by this one.
   */
  @Test
  void partitionRowsOfAnOlderVersionAreReadStoppedAndRemoved() {
    ScriptedBatchlet.hold();
    long running = operator.start(JOB, new Properties());
    await().atMost(WAIT).until(() -> repository.getRunningExecutions(JOB).contains(running));
    StepExecutionImpl step = (StepExecutionImpl) repository.getStepExecutions(running, null).get(0);
    String stepKey = prefixOf(repository) + "batch:step:{" + step.getStepExecutionId() + "}";
    client.sadd(stepKey + ":partitions", "0", "1");
    client.hset(stepKey + ":partition:0", Map.of("name", step.getStepName(), "status", "STARTED"));
    client.hset(
        stepKey + ":partition:1",
        Map.of("name", step.getStepName(), "status", "COMPLETED", "exit", "ok"));

    List<PartitionExecutionImpl> read =
        repository.getPartitionExecutions(step.getStepExecutionId(), null, false, null);
    assertEquals(2, read.size());
    assertEquals(BatchStatus.STARTED, read.get(0).getBatchStatus());
    assertEquals("ok", read.get(1).getExitStatus());
    assertEquals(BatchStatus.COMPLETED, read.get(1).getBatchStatus());

    repository.stopJobExecution((JobExecutionImpl) repository.getJobExecution(running));
    assertEquals("STOPPING", client.hget(stepKey + ":partition:0", "status"));

    ScriptedBatchlet.release();
    runToEnd(running);
    repository.removeJob(JOB);
    assertTrue(keys(prefixOf(repository) + "batch:step:*").isEmpty());
  }

  private static PartitionExecutionImpl partition(StepExecutionImpl step, int id) {
    PartitionExecutionImpl partition = new PartitionExecutionImpl(step);
    partition.setPartitionId(id);
    partition.setBatchStatus(BatchStatus.STARTED);
    return partition;
  }

  private long readCount(long executionId) {
    List<StepExecution> steps = operator.getStepExecutions(executionId);
    if (steps.isEmpty()) {
      return 0;
    }
    for (Metric metric : steps.get(0).getMetrics()) {
      if (metric.getType() == Metric.MetricType.READ_COUNT) {
        return metric.getValue();
      }
    }
    return 0;
  }

  private long runToEnd(long executionId) {
    statusAtEnd(executionId);
    return executionId;
  }

  private BatchStatus statusAtEnd(long executionId) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              BatchStatus status = operator.getJobExecution(executionId).getBatchStatus();
              return status == BatchStatus.COMPLETED
                  || status == BatchStatus.FAILED
                  || status == BatchStatus.STOPPED;
            });
    // The end is written to Redis by the job's own thread; read what another node would read.
    await().atMost(WAIT).until(() -> !repository.getRunningExecutions(JOB).contains(executionId));
    return operator.getJobExecution(executionId).getBatchStatus();
  }

  private long instanceOf(long executionId) {
    return operator.getJobInstance(executionId).getInstanceId();
  }

  /** The keys matching {@code pattern}: on a Redis Cluster, every master's. */
  private Set<String> keys(String pattern) {
    if (!(client instanceof RedisClusterClient cluster)) {
      return client.keys(pattern);
    }
    Set<String> keys = new HashSet<>();
    for (ConnectionPool master : cluster.getClusterNodes().values()) {
      try (Jedis connection = new Jedis(master.getResource())) {
        keys.addAll(connection.keys(pattern));
      }
    }
    return keys;
  }

  private static String prefixOf(RedisJobRepository repository) {
    return repository.keyPrefix();
  }
}
