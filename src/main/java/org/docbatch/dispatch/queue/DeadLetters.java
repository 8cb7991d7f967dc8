package org.docbatch.dispatch.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The dead-letter queues, one per worker type, as an operator sees them: listed a page at a time
 * (one round trip per type for the page's members, one for their errors), found by job through an
 * index kept by the scripts that dead-letter (dispatch_take.lua, dispatch_fail.lua), and removed
 * with their job when it expires ({@link #discardJob}).
 */
@ApplicationScoped
public class DeadLetters {

  private static final RedisScript DISCARD = RedisScript.load("dead_letter_discard");

  @Inject UnifiedJedis redis;
  @Inject RedisKeys keys;

  /**
   * One dead-lettered partition.
   *
   * @param id {@code <type>.<execution>.<step execution>.<partition>}, stable and URL-safe
   */
  public record Entry(
      String id, String type, PartitionRef partition, String error, Instant diedAt) {}

  /** A page of dead letters and how many there are in all. */
  public record Page(List<Entry> entries, long total) {}

  /** The dead letters of these worker types, oldest first, {@code limit} from {@code offset}. */
  public Page list(List<String> types, int offset, int limit) {
    long total = 0;
    List<Tuple> candidates = new ArrayList<>();
    Map<Tuple, String> typeOf = new HashMap<>();
    for (String type : types) {
      total += redis.zcard(keys.deadLetters(type));
      // The page is among the first offset + limit of each type: merged by time below.
      for (Tuple member : redis.zrangeWithScores(keys.deadLetters(type), 0, offset + limit - 1L)) {
        candidates.add(member);
        typeOf.put(member, type);
      }
    }
    candidates.sort(Comparator.comparingDouble(Tuple::getScore));
    List<Tuple> page =
        candidates.subList(
            Math.min(offset, candidates.size()), Math.min(offset + limit, candidates.size()));
    Map<String, List<Tuple>> byType = new LinkedHashMap<>();
    page.forEach(t -> byType.computeIfAbsent(typeOf.get(t), k -> new ArrayList<>()).add(t));
    Map<Tuple, Entry> entries = new HashMap<>();
    byType.forEach(
        (type, members) -> {
          List<String> errors =
              redis.hmget(
                  keys.deadLetterErrors(type),
                  members.stream().map(Tuple::getElement).toArray(String[]::new));
          for (int i = 0; i < members.size(); i++) {
            Tuple member = members.get(i);
            entries.put(
                member, entry(type, member.getElement(), errors.get(i), (long) member.getScore()));
          }
        });
    return new Page(page.stream().map(entries::get).toList(), total);
  }

  /** Every dead letter of these worker types, oldest first. */
  public List<Entry> list(List<String> types) {
    return list(types, 0, Integer.MAX_VALUE - 1).entries();
  }

  /** The dead letters of one job in one worker type's queue, through the index by job. */
  public List<Entry> ofJob(String type, String jobId) {
    String prefix = escapedJob(jobId) + '\t';
    // '\t' + 1 is '\n': the range holds exactly the entries that start with the job and a tab.
    List<String> indexed =
        redis.zrangeByLex(
            keys.deadLettersByJob(type), "[" + prefix, "(" + escapedJob(jobId) + '\n');
    if (indexed.isEmpty()) {
      return List.of();
    }
    String[] members =
        indexed.stream().map(e -> e.substring(prefix.length())).toArray(String[]::new);
    List<String> errors = redis.hmget(keys.deadLetterErrors(type), members);
    List<Double> diedAt = redis.zmscore(keys.deadLetters(type), members);
    List<Entry> entries = new ArrayList<>(members.length);
    for (int i = 0; i < members.length; i++) {
      if (diedAt.get(i) != null) { // discarded meanwhile
        entries.add(entry(type, members[i], errors.get(i), diedAt.get(i).longValue()));
      }
    }
    return entries;
  }

  public Optional<Entry> find(List<String> types, String id) {
    int dot = id.indexOf('.');
    if (dot < 0 || !types.contains(id.substring(0, dot))) {
      return Optional.empty();
    }
    String type = id.substring(0, dot);
    for (String member : redis.zrange(keys.deadLetters(type), 0, -1)) {
      Entry candidate = entry(type, member, null, 0);
      if (candidate.id().equals(id)) {
        String error = redis.hget(keys.deadLetterErrors(type), member);
        Double diedAt = redis.zscore(keys.deadLetters(type), member);
        return Optional.of(entry(type, member, error, diedAt == null ? 0 : diedAt.longValue()));
      }
    }
    return Optional.empty();
  }

  /** Removes an entry; its document keeps its failed outcome. */
  public void discard(Entry entry) {
    discard(entry.type(), List.of(entry));
  }

  /**
   * Removes the entries of one docbatch job from a worker type's queue: its documents are about to
   * run again, or the job has expired.
   */
  public void discardJob(String type, String jobId) {
    List<Entry> entries = ofJob(type, jobId);
    if (!entries.isEmpty()) {
      discard(type, entries);
    }
    // Entries of partitions whose dead letter is already gone leave the index too.
    String prefix = escapedJob(jobId) + '\t';
    redis.zremrangeByLex(keys.deadLettersByJob(type), "[" + prefix, "(" + escapedJob(jobId) + '\n');
  }

  private void discard(String type, List<Entry> entries) {
    List<String> args = new ArrayList<>(2 * entries.size());
    for (Entry entry : entries) {
      String member = entry.partition().encode();
      String jobId = entry.partition().properties().get("jobId");
      args.add(member);
      args.add(jobId == null ? "" : escapedJob(jobId) + '\t' + member);
    }
    DISCARD.run(
        redis,
        List.of(keys.deadLetters(type), keys.deadLetterErrors(type), keys.deadLettersByJob(type)),
        args);
  }

  /** The job id as a partition's properties spell it ({@link PartitionRef#encode}). */
  private static String escapedJob(String jobId) {
    return URLEncoder.encode(jobId, StandardCharsets.UTF_8);
  }

  private static Entry entry(String type, String member, String error, long diedAtMillis) {
    // Dead letters keep the full form; one whose step's shared part was already gone is an orphan.
    PartitionRef partition = PartitionRef.decode(member, null);
    String id =
        type
            + "."
            + partition.executionId()
            + "."
            + partition.stepExecutionId()
            + "."
            + partition.partitionId();
    return new Entry(id, type, partition, error, Instant.ofEpochMilli(diedAtMillis));
  }
}
