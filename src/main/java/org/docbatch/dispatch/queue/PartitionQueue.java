package org.docbatch.dispatch.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.docbatch.meters.TaskMetrics;
import org.docbatch.redis.Pipelines;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis queues of partitions, one per worker type: waiting partitions by priority and age,
 * leases on the ones being run, retries after a backoff, and dead letters. Every change that moves
 * a partition between these keys is one Lua script, so a partition is always in exactly one place.
 */
@ApplicationScoped
public class PartitionQueue {

  /**
   * Seconds a coordinator's inbox lives after its last write or read (its reader renews them): it
   * outlives its node by a day at most, since a dead node's messages are never read. The release
   * script writes done messages into inboxes, so the queue sets their lifetime.
   */
  public static final long INBOX_TTL_SECONDS = 86_400;

  private static final RedisScript TAKE = RedisScript.load("dispatch_take");
  private static final RedisScript FAIL = RedisScript.load("dispatch_fail");
  private static final RedisScript RELEASE = RedisScript.load("dispatch_release");
  private static final RedisScript RETURN = RedisScript.load("dispatch_return");
  private static final RedisScript POSTPONE = RedisScript.load("dispatch_postpone");
  private static final RedisScript FORGET_ATTEMPTS = RedisScript.load("forget_attempts");

  /**
   * The error of a document dead-lettered because its runs kept ending with no end reported: its
   * node died (or the run hung) on every attempt.
   */
  public static final String KILLED_ON_EVERY_ATTEMPT =
      "its node died or the run hung on each of its attempts (an OutOfMemoryError or a native crash"
          + " ends the node); it was not run again so that it cannot take down another node. Check"
          + " the document (its size, its pages) and the node's log before retrying it";

  /**
   * A partition taken from a queue, the token of the lease its taker holds, and how many times its
   * document (in this step, this page) has been taken, this take included (0 when not known).
   */
  public record Lease(String member, String token, int attempt) {

    public Lease(String member, String token) {
      this(member, token, 0);
    }

    // Written out: a record's own equals and hashCode go through method handles, slow until the
    // JIT's last tier compiles them, and a lease is a map key of every run.
    @Override
    public boolean equals(Object other) {
      return other instanceof Lease lease
          && attempt == lease.attempt
          && Objects.equals(member, lease.member)
          && Objects.equals(token, lease.token);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(member) * 31 + Objects.hashCode(token)) * 31 + attempt;
    }
  }

  /**
   * What a take got: leases to run, and partitions whose document had been taken as often as it may
   * be, dead-lettered instead ({@link #KILLED_ON_EVERY_ATTEMPT}): report them.
   */
  public record Taken(List<Lease> leases, List<String> deadLettered) {}

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /** Built on first use: tests set redis and keys by hand. */
  private volatile SharedSteps sharedSteps;

  /** Told what each failed or expired run became: queued again or dead-lettered. */
  @FunctionalInterface
  interface FailureCounter {
    void count(String type, int retried, int deadLettered);
  }

  /** Counts nothing until CDI hands the bean its meters (tests build the queue by hand). */
  private FailureCounter failures = (type, retried, dead) -> {};

  @Inject
  void countFailuresWith(TaskMetrics metrics) {
    failures = metrics::partitionsFailed;
  }

  /** Milliseconds now: the scripts judge ages, leases and backoffs by it (tests move it on). */
  LongSupplier clock = System::currentTimeMillis;

  /**
   * {@code PRIORITY_AGING_SECONDS}: waiting this long is worth one priority level, so low priority
   * work is never starved by a stream of newer high priority work.
   */
  @Inject
  @ConfigProperty(name = "priority.aging.seconds", defaultValue = "30")
  double agingSeconds;

  /**
   * {@code RETRY_BACKOFF_SECONDS}: the first retry waits this long, each next one twice as long.
   */
  @Inject
  @ConfigProperty(name = "retry.backoff.seconds", defaultValue = "1")
  double backoffSeconds;

  /**
   * {@code OUTAGE_RETRY_SECONDS}: how long a run that found its document's store out of reach waits
   * before it runs again; such runs count no attempt, so a job waits out an outage of any length.
   */
  @Inject
  @ConfigProperty(name = "outage.retry.seconds", defaultValue = "10")
  double outageRetrySeconds;

  /** Told the type of each batch queued by this node: its idle takers look at once. */
  private final List<Consumer<String>> queuedHere = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} with the worker type of every batch this node queues. */
  public void whenQueuedHere(Consumer<String> listener) {
    queuedHere.add(listener);
  }

  /**
   * Queues partitions of one step execution, in one round trip (two for the step's first ones: its
   * number in the queue's steps hash).
   */
  public void enqueue(String type, Collection<PartitionRef> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      List<String> entries = sharedSteps().entries(pipeline, type, partitions);
      int i = 0;
      for (PartitionRef partition : partitions) {
        pipeline.zadd(keys.queue(type), score(now, partition.priority()), entries.get(i++));
      }
      pipeline.sync();
    }
    queuedHere.forEach(listener -> listener.accept(type));
    // Every node's idle takers of the type look at once (QueuedAnywhere); this node's already did.
    redis.publish(keys.queuedChannel(), type);
  }

  /** Listens for the batches queued by any node, {@code queued} told each one's worker type. */
  public QueuedAnywhere queuedAnywhere(Consumer<String> queued) {
    return new QueuedAnywhere(redis, keys.queuedChannel(), queued);
  }

  /** A queue entry (a lease's member, a dead letter) read, in either of its forms. */
  public PartitionRef partition(String type, String member) {
    return sharedSteps().partition(type, member);
  }

  private SharedSteps sharedSteps() {
    SharedSteps known = sharedSteps;
    if (known == null) {
      synchronized (this) {
        if (sharedSteps == null) {
          sharedSteps = new SharedSteps(redis, keys);
        }
        known = sharedSteps;
      }
    }
    return known;
  }

  /**
   * Takes up to {@code room} partitions under a lease that ends {@code leaseMillis} from now, with
   * no limit on how often a document is taken.
   */
  public List<Lease> take(String type, int room, long leaseMillis) {
    return take(type, room, leaseMillis, Integer.MAX_VALUE).leases();
  }

  /**
   * Takes up to {@code room} partitions under a lease that ends {@code leaseMillis} from now,
   * counting an attempt of each one's document as it is taken (not when the run ends, which a run
   * that kills its node never does); a document already taken {@code attempts} times is
   * dead-lettered instead.
   */
  public Taken take(String type, int room, long leaseMillis, int attempts) {
    long now = clock.getAsLong();
    List<?> answer =
        (List<?>)
            TAKE.run(
                redis,
                List.of(
                    keys.queue(type),
                    keys.queueDelayed(type),
                    keys.queueLeases(type),
                    keys.queueLeaseHolders(type),
                    keys.queueLeaseTokens(type),
                    keys.queueAttempts(type),
                    keys.deadLetters(type),
                    keys.deadLetterErrors(type),
                    keys.deadLettersByJob(type),
                    keys.queueSteps(type)),
                List.of(
                    Long.toString(now),
                    Long.toString(now + leaseMillis),
                    Long.toString(agingMillis()),
                    Integer.toString(room),
                    Integer.toString(attempts),
                    KILLED_ON_EVERY_ATTEMPT));
    sharedSteps().remember(type, (List<?>) answer.get(2));
    List<?> taken = (List<?>) answer.get(0);
    List<Lease> leases = new ArrayList<>(taken.size() / 3);
    for (int i = 0; i < taken.size(); i += 3) {
      leases.add(
          new Lease(
              (String) taken.get(i),
              (String) taken.get(i + 1),
              ((Long) taken.get(i + 2)).intValue()));
    }
    List<String> dead = new ArrayList<>();
    for (Object member : (List<?>) answer.get(1)) {
      dead.add((String) member);
    }
    if (!dead.isEmpty()) {
      failures.count(type, 0, dead.size());
    }
    return new Taken(leases, dead);
  }

  /**
   * Forgets the counts of attempts of a job's documents in these queues, and the shared parts of
   * its steps' queue entries: the job ended, or is retried and its documents get their attempts
   * again. A job of no document forgets too: its step's placeholder partition had a shared part.
   */
  public void forgetAttempts(List<String> types, String jobId) {
    // The count's field names the job as the partition's properties spell it (PartitionRef).
    String job = java.net.URLEncoder.encode(jobId, java.nio.charset.StandardCharsets.UTF_8);
    for (String type : types) {
      FORGET_ATTEMPTS.run(
          redis, List.of(keys.queueAttempts(type), keys.queueSteps(type)), List.of(job));
    }
  }

  /**
   * Extends the leases this node still holds; a lease already lost stays lost.
   *
   * @return how many were still held
   */
  public long renew(String type, Collection<Lease> leases, long leaseMillis) {
    List<String> args = new ArrayList<>();
    args.add("renew");
    args.add(Long.toString(clock.getAsLong() + leaseMillis));
    for (Lease lease : leases) {
      args.add(lease.member());
      args.add(lease.token());
    }
    return (Long) RELEASE.run(redis, releaseKeys(type), args);
  }

  /**
   * Whether {@code lease} is still held: its token is the partition's current one and it has not
   * run out (a lease past its time is lost even before the reaper returns its partition).
   */
  public boolean holds(String type, Lease lease) {
    Response<String> token;
    Response<Double> deadline;
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      token = pipeline.hget(keys.queueLeaseHolders(type), lease.member());
      deadline = pipeline.zscore(keys.queueLeases(type), lease.member());
      pipeline.sync();
    }
    return lease.token().equals(token.get())
        && deadline.get() != null
        && deadline.get() > clock.getAsLong();
  }

  /**
   * Hands partitions this node cannot finish back to their queue, at their own priority and with no
   * attempt counted (the node is shutting down).
   *
   * @return how many went back (a lease already lost stays with its new holder)
   */
  public long giveBack(String type, Collection<Lease> leases) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(clock.getAsLong()));
    args.add(Long.toString(agingMillis()));
    for (Lease lease : leases) {
      args.add(lease.member());
      args.add(lease.token());
    }
    Object back =
        RETURN.run(
            redis,
            List.of(
                keys.queue(type),
                keys.queueLeases(type),
                keys.queueLeaseHolders(type),
                keys.queueAttempts(type),
                keys.queueSteps(type)),
            args);
    return (Long) back;
  }

  /**
   * Releases finished partitions whose lease is still the one given: lease and count of attempts
   * go. With an {@code inbox}, the same script then appends {@code messages} (the done messages) to
   * that coordinator's inbox, held or not (it counts each partition once); on a Redis Cluster,
   * where the inbox is in another slot, pass null and send them after. Read the answer once the
   * pipeline is synced.
   */
  public RedisScript.Queued complete(
      AbstractPipeline pipeline,
      String type,
      List<Lease> leases,
      String inbox,
      List<String> messages) {
    List<String> args = new ArrayList<>(4 + messages.size() + 2 * leases.size());
    args.add("complete");
    args.add("0");
    List<String> scriptKeys = releaseKeys(type);
    if (inbox != null) {
      scriptKeys =
          List.of(
              keys.queueLeases(type),
              keys.queueLeaseHolders(type),
              keys.queueAttempts(type),
              inbox);
      args.add(Integer.toString(messages.size()));
      args.add(Long.toString(INBOX_TTL_SECONDS));
      args.addAll(messages);
    }
    for (Lease lease : leases) {
      args.add(lease.member());
      args.add(lease.token());
    }
    return RELEASE.queue(redis, pipeline, scriptKeys, args);
  }

  /**
   * A run failed: the partition is queued again after a backoff, or dead-lettered with {@code
   * error} once it has had {@code attempts} runs.
   *
   * @return true when it was dead-lettered
   */
  public boolean fail(String type, Lease lease, int attempts, String error) {
    return !runFail(type, "member", lease, attempts, error).isEmpty();
  }

  /**
   * A run could not reach its document's store: the partition runs again after {@code
   * OUTAGE_RETRY_SECONDS}, with no attempt counted.
   *
   * @return false when the lease was lost already (its new holder runs it)
   */
  public boolean postpone(String type, Lease lease) {
    Object postponed =
        POSTPONE.run(
            redis,
            List.of(
                keys.queueLeases(type),
                keys.queueLeaseHolders(type),
                keys.queueAttempts(type),
                keys.queueDelayed(type),
                keys.queueSteps(type)),
            List.of(
                lease.member(),
                lease.token(),
                Long.toString(clock.getAsLong() + (long) (outageRetrySeconds * 1000))));
    return Long.valueOf(1).equals(postponed);
  }

  /**
   * Puts back the partitions whose lease ran out (their worker died or hung), or dead-letters them.
   *
   * @return the partitions dead-lettered
   */
  public List<String> reapExpired(String type, int attempts) {
    return runFail(
        type,
        "expired",
        new Lease("", ""),
        attempts,
        "its worker stopped renewing the lease (node died or the run hung)");
  }

  /** Waiting partitions of each type, retries included, in one round trip. */
  public Map<String, Long> waiting(List<String> types) {
    Map<String, Response<Long>> ready = new HashMap<>();
    Map<String, Response<Long>> delayed = new HashMap<>();
    try (AbstractPipeline pipeline = Pipelines.open(redis)) {
      for (String type : types) {
        ready.put(type, pipeline.zcard(keys.queue(type)));
        delayed.put(type, pipeline.zcard(keys.queueDelayed(type)));
      }
      pipeline.sync();
    }
    Map<String, Long> waiting = new HashMap<>();
    types.forEach(type -> waiting.put(type, ready.get(type).get() + delayed.get(type).get()));
    return waiting;
  }

  /**
   * The partitions of a type leased now (being run, cluster-wide), one read of a set as large as
   * the busy workers of that type.
   */
  public List<String> leased(String type) {
    return redis.zrange(keys.queueLeases(type), 0, -1);
  }

  /** Waiting partitions of a type, retries included. */
  public long waiting(String type) {
    return waiting(List.of(type)).get(type);
  }

  private List<String> runFail(String type, String mode, Lease lease, int attempts, String error) {
    List<?> answer =
        (List<?>)
            FAIL.run(
                redis,
                List.of(
                    keys.queueLeases(type),
                    keys.queueAttempts(type),
                    keys.queueDelayed(type),
                    keys.deadLetters(type),
                    keys.deadLetterErrors(type),
                    keys.queueLeaseHolders(type),
                    keys.deadLettersByJob(type),
                    keys.queueSteps(type)),
                List.of(
                    mode,
                    lease.member(),
                    Long.toString(clock.getAsLong()),
                    Integer.toString(attempts),
                    Long.toString((long) (backoffSeconds * 1000)),
                    error,
                    lease.token(),
                    KILLED_ON_EVERY_ATTEMPT));
    List<?> dead = (List<?>) answer.get(1);
    List<String> members = new ArrayList<>(dead.size());
    for (Object one : dead) {
      members.add((String) one);
    }
    failures.count(type, ((Long) answer.get(0)).intValue(), members.size());
    return members;
  }

  private List<String> releaseKeys(String type) {
    return List.of(keys.queueLeases(type), keys.queueLeaseHolders(type), keys.queueAttempts(type));
  }

  private long agingMillis() {
    return (long) (agingSeconds * 1000);
  }

  private double score(long now, int priority) {
    return now - (double) priority * agingMillis();
  }
}
