package org.docbatch.redis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis server's version, as {@code INFO server} gives it, and whether docbatch runs on it. The
 * oldest accepted is {@value #MINIMUM}: the Lua scripts need no newer command than Redis 5's, but
 * 6.2 is the oldest release line still maintained and the oldest these scripts were ever meant for;
 * an older server is refused at start rather than found out by a script failing mid-job.
 */
public record RedisVersion(int major, int minor, int patch) implements Comparable<RedisVersion> {

  public static final String MINIMUM = "6.2.0";

  private static final Pattern IN_INFO =
      Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** The version {@code INFO server} reports, if it reports one. */
  public static Optional<RedisVersion> fromInfo(String info) {
    Matcher m = IN_INFO.matcher(info);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new RedisVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  /** Whether docbatch runs on this version ({@value #MINIMUM} or later). */
  public boolean supported() {
    return compareTo(new RedisVersion(6, 2, 0)) >= 0;
  }

  @Override
  public int compareTo(RedisVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
