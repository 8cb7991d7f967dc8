package org.docbatch.testing;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** What Redis counted of its commands (INFO commandstats), for tests that bound a node's calls. */
public final class CommandStats {

  private CommandStats() {}

  /** Forgets the counts so far (CONFIG RESETSTAT). */
  public static void reset(RedisClient redis) {
    redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
  }

  /** The scripts (EVALSHA calls) Redis ran since its last {@link #reset}. */
  public static long scriptCalls(RedisClient redis) {
    String stats =
        new String(
            (byte[]) redis.sendCommand(Protocol.Command.INFO, "commandstats"),
            StandardCharsets.UTF_8);
    return stats
        .lines()
        .filter(line -> line.startsWith("cmdstat_evalsha:"))
        .mapToLong(
            line -> Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*$", "$1")))
        .sum();
  }
}
