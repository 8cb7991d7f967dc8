package org.docbatch.worker.pool;

import java.security.SecureRandom;
import java.util.Base64;
import org.docbatch.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The cluster's key that signs external workers' lease tokens ({@link ExternalLease}): made by the
 * first node that needs it (SET NX), then read by every other, and kept in memory. A Redis that
 * lost it (flushed) gets a new one; tokens signed with the old one are then refused.
 */
final class LeaseSigningKey {

  private final UnifiedJedis redis;
  private final RedisKeys keys;
  private volatile byte[] key;

  LeaseSigningKey(UnifiedJedis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  byte[] get() {
    byte[] known = key;
    return known != null ? known : reread();
  }

  /** The key as Redis holds it now (another node may have made a new one). */
  byte[] reread() {
    String stored = redis.get(keys.externalLeaseKey());
    if (stored == null) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      redis.set(
          keys.externalLeaseKey(),
          Base64.getEncoder().encodeToString(fresh),
          SetParams.setParams().nx());
      stored = redis.get(keys.externalLeaseKey());
    }
    byte[] read = Base64.getDecoder().decode(stored);
    key = read;
    return read;
  }
}
