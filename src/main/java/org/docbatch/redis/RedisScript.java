package org.docbatch.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script kept as a resource under {@code redis/}, run by its SHA-1 and loaded again when
 * Redis has forgotten it (after a restart or SCRIPT FLUSH). Pipelines send it by its SHA-1 too:
 * sending the text made Redis read and hash it for every call.
 */
public final class RedisScript {

  private final String source;
  private final String sha;
  private final byte[] binarySha;

  /** A script line that {@link #load} replaces by a file of {@code redis/lib/}. */
  private static final String INCLUDE = "-- include:";

  /** Whether this JVM loaded the script once: until then a pipeline loads it first. */
  private volatile boolean loaded;

  private RedisScript(String source) {
    this.source = source;
    this.sha = sha1(source);
    this.binarySha = sha.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads {@code redis/<name>.lua} from the class path. A line {@code -- include: <lib>} is
   * replaced by {@code redis/lib/<lib>.lua}: Redis scripts cannot call each other, so helpers that
   * several scripts need are kept once and inlined here.
   */
  public static RedisScript load(String name) {
    String source = read("redis/" + name + ".lua");
    StringBuilder expanded = new StringBuilder(source.length());
    for (String line : source.split("\n", -1)) {
      if (line.startsWith(INCLUDE)) {
        expanded.append(read("redis/lib/" + line.substring(INCLUDE.length()).strip() + ".lua"));
      } else {
        expanded.append(line).append('\n');
      }
    }
    return new RedisScript(expanded.toString());
  }

  private static String read(String path) {
    try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script not found on the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      Object reply = redis.evalsha(sha, keys, args);
      loaded = true;
      return reply;
    } catch (JedisNoScriptException e) {
      // Redis restarted without this script: load it again.
      redis.scriptLoad(source);
      loaded = true;
      return redis.evalsha(sha, keys, args);
    }
  }

  /** Runs the script with binary arguments (for opaque serialized data). */
  public Object runBinary(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      Object reply = redis.evalsha(binarySha, keys, args);
      loaded = true;
      return reply;
    } catch (JedisNoScriptException e) {
      redis.scriptLoad(source);
      loaded = true;
      return redis.evalsha(binarySha, keys, args);
    }
  }

  /**
   * Adds a run of the script to {@code pipeline}, by its SHA-1. Once the pipeline is synced, every
   * call queued must be read with {@link Queued#get}, even a write whose reply nobody needs: that
   * is where a call Redis refused for a forgotten script runs again.
   */
  public Queued queue(
      UnifiedJedis redis, AbstractPipeline pipeline, List<String> keys, List<String> args) {
    loadOnce(redis);
    return new Queued(pipeline.evalsha(sha, keys, args), () -> run(redis, keys, args));
  }

  /** {@link #queue} with binary arguments. */
  public Queued queueBinary(
      UnifiedJedis redis, AbstractPipeline pipeline, List<byte[]> keys, List<byte[]> args) {
    loadOnce(redis);
    return new Queued(pipeline.evalsha(binarySha, keys, args), () -> runBinary(redis, keys, args));
  }

  private void loadOnce(UnifiedJedis redis) {
    if (!loaded) {
      redis.scriptLoad(source); // on a Redis Cluster, on every master
      loaded = true;
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  /**
   * A script call queued in a pipeline. Redis forgets its scripts when it restarts: a call it
   * refused for that (NOSCRIPT) is run again, alone, once the script is loaded again.
   */
  public static final class Queued {

    private final Response<Object> response;
    private final Supplier<Object> again;

    private Queued(Response<Object> response, Supplier<Object> again) {
      this.response = response;
      this.again = again;
    }

    /** The script's reply; call only after the pipeline's sync. */
    public Object get() {
      try {
        return response.get();
      } catch (JedisNoScriptException e) {
        return again.get();
      }
    }
  }
}
