package org.docbatch.dispatch.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.docbatch.redis.RedisKeys;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/** The dead-letter queues, one per worker type, as an operator sees them. */
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

  /** The dead letters of these worker types, oldest first. */
  public List<Entry> list(List<String> types) {
    List<Entry> entries = new ArrayList<>();
    for (String type : types) {
      List<Tuple> dead = redis.zrangeWithScores(keys.deadLetters(type), 0, -1);
      for (Tuple member : dead) {
        String error = redis.hget(keys.deadLetterErrors(type), member.getElement());
        entries.add(entry(type, member.getElement(), error, (long) member.getScore()));
      }
    }
    entries.sort((a, b) -> a.diedAt().compareTo(b.diedAt()));
    return entries;
  }

  public Optional<Entry> find(List<String> types, String id) {
    return list(types).stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** Removes an entry; its document keeps its failed outcome. */
  public void discard(Entry entry) {
    String member = entry.partition().encode();
    DISCARD.run(
        redis,
        List.of(keys.deadLetters(entry.type()), keys.deadLetterErrors(entry.type())),
        List.of(member));
  }

  /** Removes the entries of one docbatch job (its documents are about to run again). */
  public void discardJob(String type, String jobId) {
    for (Entry entry : list(List.of(type))) {
      if (jobId.equals(entry.partition().properties().get("jobId"))) {
        discard(entry);
      }
    }
  }

  private static Entry entry(String type, String member, String error, long diedAtMillis) {
    PartitionRef partition = PartitionRef.decode(member);
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
