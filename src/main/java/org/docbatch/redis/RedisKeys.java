package org.docbatch.redis;

import org.docbatch.digest.Sha256;

/**
 * Owns every Redis key name docbatch uses. Nothing else in the code base spells a key.
 *
 * <p>All keys of one job share the hash tag {@code {jobId}} so that the Lua scripts touching them
 * run on one Redis Cluster slot.
 */
public final class RedisKeys {

  private final String prefix;

  /** {@code REDIS_KEY_PREFIX}: what every docbatch key starts with. */
  public String prefix() {
    return prefix;
  }

  public RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Hash of the feature flags set on the running cluster ({@code autoscaling}, {@code monitoring},
   * {@code alerts}: {@code true}/{@code false}); a flag not in it keeps the node's configuration.
   */
  public String features() {
    return prefix + "features";
  }

  /** Sorted set of every job id, scored by creation time in microseconds. */
  public String jobIndex() {
    return prefix + "jobs";
  }

  /** Set: the owners that have a job index of their own ({@link #ownerJobs}). */
  public String owners() {
    return prefix + "owners";
  }

  /**
   * Sorted set of the ids of one owner's jobs, scored as {@link #jobIndex}. The owner is any string
   * a credential names, so it is written as a SHA-256 prefix: no character of it can break the
   * key's shape or its hash tag.
   */
  public String ownerJobs(String owner) {
    return prefix + "owner:" + ownerTag(owner) + ":jobs";
  }

  /** Set: ids of one owner's jobs that were not finished when last looked at. */
  public String ownerActiveJobs(String owner) {
    return prefix + "owner:" + ownerTag(owner) + ":active";
  }

  /**
   * String counter with a TTL: requests of one user in the current rate-limit window (see {@code
   * security/RateLimiter}); the user is hashed as in {@link #ownerJobs}.
   */
  public String requestCount(String user) {
    return prefix + "owner:" + ownerTag(user) + ":requests";
  }

  /**
   * Hash with a TTL: one user's {@code Idempotency-Key} and the job it stands for (see {@code
   * store/IdempotencyKeys}); the client's key is hashed too, being any string a client sends.
   */
  public String idempotencyKey(String user, String key) {
    return prefix + "owner:" + ownerTag(user) + ":idempotency:" + Sha256.hex(key).substring(0, 32);
  }

  /**
   * Sorted set: the ids of webhook deliveries waiting to be sent, scored by when they are due (ms).
   * The webhook keys share the hash tag {@code {webhooks}}, so that one script takes them together.
   */
  public String webhooksDue() {
    return prefix + "{webhooks}:due";
  }

  /** Hash: one webhook delivery (its job, event, url, attempts, last answer). */
  public String webhookDelivery(String deliveryId) {
    return prefix + "{webhooks}:delivery:" + deliveryId;
  }

  /** Set: the ids of one job's webhook deliveries. */
  public String jobWebhooks(String jobId) {
    return prefix + "{webhooks}:job:" + jobId;
  }

  /**
   * String with a TTL: one result in the result cache, under the digest of what decided it. The
   * cache's keys share the hash tag {@code {cache}}, so that one script keeps its bounds.
   */
  public String cachedResult(String digest) {
    return prefix + "{cache}:result:" + digest;
  }

  /** Sorted set: the result cache's entry keys, scored by when they were kept (ms). */
  public String cacheIndex() {
    return prefix + "{cache}:index";
  }

  private static String ownerTag(String owner) {
    return Sha256.hex(owner).substring(0, 32);
  }

  /** Hash: the job's record (type, status, counters, timestamps). */
  public String job(String jobId) {
    return prefix + "job:{" + jobId + "}";
  }

  /**
   * List: indexes of the job's documents in the order their outcomes were recorded, kept when the
   * job's callback asks for {@code document.finished} (sent in batches from it).
   */
  public String finishedDocuments(String jobId) {
    return job(jobId) + ":finished";
  }

  /** Set: ids of jobs whose finished documents are announced ({@code document.finished}). */
  public String webhookDocumentJobs() {
    return prefix + "{webhooks}:document-jobs";
  }

  /** List: the job's document references, in submission order. */
  public String documents(String jobId) {
    return job(jobId) + ":docs";
  }

  /** Hash: document index -> that document's result or error, written once. */
  public String results(String jobId) {
    return job(jobId) + ":results";
  }

  /**
   * Hash: {@code <stage>:<document index>} -> the result of that stage of a pipeline job, written
   * once; the last stage's result is the document's result.
   */
  public String stageResults(String jobId) {
    return job(jobId) + ":stages";
  }

  /** Set: indexes of the documents whose last run failed (cleared by a retry). */
  public String failed(String jobId) {
    return job(jobId) + ":failed";
  }

  /**
   * Hash: index of a document whose pages are read one partition each -> its page plan (JSON: page
   * count, the pages to read, the pages taken from a text layer); fields {@code documents}, {@code
   * pages}, {@code pages_done}, {@code assembled} of {@link #pageProgress} count them.
   */
  public String pagedDocuments(String jobId) {
    return job(jobId) + ":paged";
  }

  /** Hash: {@code <document index>:<page>} -> that page's reading or its error. */
  public String pageResults(String jobId) {
    return job(jobId) + ":pages";
  }

  /** Set: {@code <document index>:<page>} of the pages whose last run failed. */
  public String pageFailures(String jobId) {
    return job(jobId) + ":pages_failed";
  }

  /**
   * Hash: counters of the job's paged documents and their pages (see {@link #pagedDocuments}), and
   * each paged document's {@code total:<index>} and {@code done:<index>} pages.
   */
  public String pageProgress(String jobId) {
    return job(jobId) + ":page_progress";
  }

  /**
   * Hash: task ({@code <document index>} or {@code <document index>:<page>}) -> its last run's
   * start (JSON: worker type, node, worker, attempt, started_at), written as a worker starts it.
   */
  public String taskRuns(String jobId) {
    return job(jobId) + ":tasks";
  }

  /** Hash: SHA-256 of a document's content -> index of the first document with that content. */
  public String checksums(String jobId) {
    return job(jobId) + ":sha256";
  }

  /**
   * Set: ids of the jobs whose execution has not finished, watched for a coordinating node that
   * died.
   */
  public String activeJobs() {
    return prefix + "jobs:active";
  }

  /** String with a TTL: present while the node {@code nodeId} is alive (its heartbeat). */
  public String node(String nodeId) {
    return prefix + "node:" + nodeId;
  }

  /**
   * String with a TTL: the node's summary for the dashboard (its pools, tasks, heap), written with
   * its heartbeat.
   */
  public String nodeSummary(String nodeId) {
    return node(nodeId) + ":summary";
  }

  /** Sorted set: node ids, scored by their last heartbeat (epoch milliseconds). */
  public String nodeIndex() {
    return prefix + "nodes";
  }

  /**
   * Hash with a TTL: documents processed cluster-wide in one minute ({@code completed}, {@code
   * failed}), for the dashboard's charts.
   *
   * @param epochMinute minutes since the epoch
   */
  public String minuteTally(long epochMinute) {
    return prefix + "tally:minute:" + epochMinute;
  }

  // Dispatcher: the keys of one queue (one worker type) share the hash tag {type}.

  /**
   * Pub/sub channel: the worker type of every batch of partitions queued, for the idle takers of
   * every node (dispatch/queue/QueuedAnywhere).
   */
  public String queuedChannel() {
    return prefix + "queued";
  }

  /** Sorted set: partitions waiting for a worker, by priority and age (lowest score first). */
  public String queue(String type) {
    return prefix + "queue:{" + type + "}";
  }

  /** Sorted set: partitions waiting out a retry backoff, scored by when they are due. */
  public String queueDelayed(String type) {
    return queue(type) + ":delayed";
  }

  /** Sorted set: partitions a worker holds, scored by when the lease runs out. */
  public String queueLeases(String type) {
    return queue(type) + ":leases";
  }

  /** Hash: leased partition -> the token of its current lease. */
  public String queueLeaseHolders(String type) {
    return queue(type) + ":holders";
  }

  /** String counter: the last lease token handed out. */
  public String queueLeaseTokens(String type) {
    return queue(type) + ":tokens";
  }

  /**
   * Hash: what the queued partitions of one step execution share (execution, names, coordinator,
   * common properties), by a number the queue's entries carry instead; field {@code #} counts the
   * numbers handed out.
   */
  public String queueSteps(String type) {
    return queue(type) + ":steps";
  }

  /** Hash: partition -> how many runs of it failed or were lost. */
  public String queueAttempts(String type) {
    return queue(type) + ":attempts";
  }

  /** Sorted set: dead-lettered partitions, scored by when they died. */
  public String deadLetters(String type) {
    return queue(type) + ":dead";
  }

  /** Hash: dead-lettered partition -> its last error. */
  public String deadLetterErrors(String type) {
    return queue(type) + ":dead-errors";
  }

  /**
   * Sorted set, all scores 0, read by lexical range: {@code <job id>TAB<partition>} for each
   * dead-lettered partition of a document job (the job id URL-encoded, as partitions spell it), so
   * that one job's dead letters are found without reading the others'.
   */
  public String deadLettersByJob(String type) {
    return queue(type) + ":dead-by-job";
  }

  /**
   * Hash: the workers outside the server that took tasks of an external type, worker id -> when it
   * last called (epoch ms); entries long silent are dropped when read.
   */
  public String externalWorkers(String type) {
    return queue(type) + ":external-workers";
  }

  /** String: the cluster's key that signs external workers' lease tokens (made once, kept). */
  public String externalLeaseKey() {
    return prefix + "external-lease-key";
  }

  /** List: messages from workers to one coordinating node incarnation (partition done, data). */
  public String inbox(String incarnation) {
    return prefix + "inbox:" + incarnation;
  }

  /** Set: JSR-352 execution ids asked to stop, seen by every node within a poll interval. */
  public String stoppingExecutions() {
    return prefix + "executions:stopping";
  }

  // JSR-352 job repository. Everything of one job name shares the hash tag {jobName}; a step
  // execution
  // and its partitions share the tag {stepExecutionId}, so each is updated by a single-slot
  // command.

  /**
   * String counter for one kind of JSR-352 id ({@code instance}, {@code execution}, {@code step}).
   */
  public String batchIds(String kind) {
    return prefix + "batch:ids:" + kind;
  }

  /** Set: names of the jobs that have at least one job instance. */
  public String batchJobNames() {
    return prefix + "batch:job-names";
  }

  /** Hash: job instance id -> job name (finds a job's hash tag from an id). */
  public String batchInstanceJobs() {
    return prefix + "batch:instance-job";
  }

  /** Hash: job execution id -> job name. */
  public String batchExecutionJobs() {
    return prefix + "batch:execution-job";
  }

  /** Sorted set: the job's instance ids, scored by id. */
  public String batchInstances(String jobName) {
    return batchJob(jobName) + ":instances";
  }

  /** Sorted set: the job's execution ids, scored by id. */
  public String batchExecutions(String jobName) {
    return batchJob(jobName) + ":executions";
  }

  /** Set: the job's execution ids whose status is STARTING or STARTED. */
  public String batchRunning(String jobName) {
    return batchJob(jobName) + ":running";
  }

  /**
   * Sorted set: the job's instance ids whose latest execution has ended, scored by its end time in
   * milliseconds (what the repository's expiry sweeps).
   */
  public String batchEnded(String jobName) {
    return batchJob(jobName) + ":ended";
  }

  /** Hash: a job instance (application name). */
  public String batchInstance(String jobName, long instanceId) {
    return batchJob(jobName) + ":instance:" + instanceId;
  }

  /** List: a job instance's execution ids, oldest first. */
  public String batchInstanceExecutions(String jobName, long instanceId) {
    return batchInstance(jobName, instanceId) + ":executions";
  }

  /** Hash: a job execution (instance id, times, statuses, restart position). */
  public String batchExecution(String jobName, long executionId) {
    return batchJob(jobName) + ":execution:" + executionId;
  }

  /** Hash: a job execution's job parameters. */
  public String batchExecutionParameters(String jobName, long executionId) {
    return batchExecution(jobName, executionId) + ":parameters";
  }

  /** Hash: step execution id -> step name, for the step executions of one job execution. */
  public String batchExecutionSteps(String jobName, long executionId) {
    return batchExecution(jobName, executionId) + ":steps";
  }

  /**
   * Hash: a step execution (times, statuses, metrics, persistent data and checkpoints as bytes).
   */
  public String batchStep(long stepExecutionId) {
    return prefix + "batch:step:{" + stepExecutionId + "}";
  }

  /**
   * Set: the buckets of a partitioned step execution's partition rows ({@link
   * #batchPartitionRows}), by number.
   */
  public String batchPartitionBuckets(long stepExecutionId) {
    return batchStep(stepExecutionId) + ":buckets";
  }

  /**
   * Hash: the rows of one bucket of a step execution's partitions (partition id / bucket size),
   * small enough for Redis to keep as a listpack.
   */
  public String batchPartitionRows(long stepExecutionId, int bucket) {
    return batchStep(stepExecutionId) + ":rows:" + bucket;
  }

  /**
   * Set: partition ids of a partitioned step execution, as versions before the bucketed rows wrote
   * them (read and removed, never written).
   */
  public String batchPartitions(long stepExecutionId) {
    return batchStep(stepExecutionId) + ":partitions";
  }

  /** Hash: one partition of a step execution, as versions before the bucketed rows wrote it. */
  public String batchPartition(long stepExecutionId, int partitionId) {
    return batchStep(stepExecutionId) + ":partition:" + partitionId;
  }

  private String batchJob(String jobName) {
    return prefix + "batch:{" + jobName + "}";
  }
}
