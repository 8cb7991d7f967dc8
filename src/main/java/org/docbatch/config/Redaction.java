package org.docbatch.config;

/**
 * How a configuration value is shown where people read it ({@code GET /api/config}, the
 * DOCBATCH-0701 start-up message): secrets as {@code ****}, the password of a Redis URL masked
 * whatever its form (one host, Sentinel or Cluster's several, or a URL too broken to parse), and of
 * a webhook URL only its scheme and host, since webhook services put their secret in the path or
 * the query.
 */
final class Redaction {

  static final String MASK = "****";

  private Redaction() {}

  /** {@code value} of {@code setting} as it may be shown; null stays null. */
  static String shown(Setting setting, String value) {
    if (value == null) {
      return null;
    }
    return switch (setting.kind()) {
      case SECRET -> MASK;
      case REDIS_URL -> redisUrl(value);
      case HTTP_URL -> httpUrl(value);
      default -> value;
    };
  }

  /**
   * {@code redis://user:secret@host} as {@code redis://user:****@host}, {@code
   * redis-sentinel://u:pw@h1,h2/m} as {@code redis-sentinel://u:****@h1,h2/m}; without {@code ://}
   * everything before the last {@code @} is masked. The last {@code @} ends the credentials, as
   * {@link org.docbatch.redis.RedisUrl} reads them: a password may hold an unescaped {@code @}.
   */
  static String redisUrl(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0 || scheme > at) {
      return MASK + url.substring(at);
    }
    int start = scheme + 3;
    String userInfo = url.substring(start, at);
    int colon = userInfo.indexOf(':');
    // redis://:secret@host (no user) and redis://secret@host are both a bare password to Redis.
    String masked = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
    return url.substring(0, start) + masked + url.substring(at);
  }

  /**
   * {@code https://user:pw@hooks.example.com/services/T0/B0/secret?token=x} as {@code
   * https://hooks.example.com/****}: the scheme and host say where alerts go, the rest may be the
   * secret. Text that is no URL is masked whole.
   */
  static String httpUrl(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return MASK;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    String rest = url.substring(end);
    return url.substring(0, start)
        + host
        + (rest.isEmpty() || rest.equals("/") ? rest : "/" + MASK);
  }
}
