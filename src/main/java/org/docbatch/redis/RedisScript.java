package org.docbatch.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script kept as a resource under {@code redis/}, run by its SHA-1 and loaded again when
 * Redis has forgotten it (after a restart or SCRIPT FLUSH).
 */
public final class RedisScript {

  private final String source;
  private volatile String sha;

  private RedisScript(String source) {
    this.source = source;
  }

  /** Reads {@code redis/<name>.lua} from the class path. */
  public static RedisScript load(String name) {
    String path = "redis/" + name + ".lua";
    try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script not found on the class path: " + path);
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script's text, for pipelines (EVAL with the text cannot miss the script cache). */
  public String source() {
    return source;
  }

  public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    String known = sha;
    if (known != null) {
      try {
        return redis.evalsha(known, keys, args);
      } catch (JedisNoScriptException e) {
        // Redis restarted without this script: load it again below.
      }
    }
    sha = redis.scriptLoad(source);
    return redis.evalsha(sha, keys, args);
  }

  /** Runs the script with binary arguments (for opaque serialized data). */
  public Object runBinary(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    String known = sha;
    if (known != null) {
      try {
        return redis.evalsha(known.getBytes(StandardCharsets.US_ASCII), keys, args);
      } catch (JedisNoScriptException e) {
        // Redis restarted without this script: load it again below.
      }
    }
    sha = redis.scriptLoad(source);
    return redis.evalsha(sha.getBytes(StandardCharsets.US_ASCII), keys, args);
  }
}
