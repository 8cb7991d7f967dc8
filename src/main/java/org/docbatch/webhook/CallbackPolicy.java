package org.docbatch.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which URLs a job may have called back. A callback is a request the server makes on a user's
 * behalf, so it must not reach what only the server can: addresses in private, loopback, link-local
 * and other non-public ranges are refused unless their host is listed in {@code
 * WEBHOOK_ALLOWED_HOSTS}. The check runs at submit and again on the resolved addresses right before
 * each delivery, so a name that later resolves inward (DNS rebinding) is refused too; the JVM
 * caches the answer (30 s), so the request then connects to the address checked.
 */
@ApplicationScoped
public class CallbackPolicy {

  /** {@code WEBHOOK_ALLOW_HTTP}: whether plain {@code http} callbacks are allowed. */
  @Inject
  @ConfigProperty(name = "webhook.allow.http", defaultValue = "false")
  boolean allowHttp;

  /** {@code WEBHOOK_ALLOWED_HOSTS}: hosts called even on a non-public address, comma-separated. */
  @Inject
  @ConfigProperty(name = "webhook.allowed.hosts")
  Optional<String> allowedHosts;

  public CallbackPolicy() {}

  /** A policy with these settings (tests). */
  public CallbackPolicy(boolean allowHttp, String allowedHosts) {
    this.allowHttp = allowHttp;
    this.allowedHosts = Optional.ofNullable(allowedHosts);
  }

  /**
   * Checks a callback URL: its form, its scheme, and the addresses its host resolves to now.
   *
   * @return the URL, parsed
   * @throws CallbackRefusedException naming what is wrong
   */
  public URI check(String url) throws CallbackRefusedException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      throw new CallbackRefusedException("the callback url is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
      throw new CallbackRefusedException(
          "the callback url must be https"
              + (allowHttp ? " or http" : " (http only where WEBHOOK_ALLOW_HTTP=true)"));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new CallbackRefusedException("the callback url has no host");
    }
    if (uri.getUserInfo() != null) {
      throw new CallbackRefusedException("the callback url must not carry a user or password");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (allowed().contains(bare.toLowerCase(Locale.ROOT))) {
      return uri;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw new CallbackRefusedException("the callback host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new CallbackRefusedException(
            "the callback host "
                + host
                + " resolves to a non-public address; list it in WEBHOOK_ALLOWED_HOSTS to allow it");
      }
    }
    return uri;
  }

  private Set<String> allowed() {
    return allowedHosts.stream()
        .flatMap(hosts -> Arrays.stream(hosts.split(",")))
        .map(h -> h.trim().toLowerCase(Locale.ROOT))
        .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h)
        .filter(h -> !h.isEmpty())
        .collect(Collectors.toSet());
  }

  /** Not loopback, private, link-local, multicast, unspecified, CGNAT or IPv6 unique-local. */
  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      // 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4
      return !(first == 100 && second >= 64 && second < 128)
          && first != 0
          && !(first == 192 && second == 0 && (b[2] & 0xFF) == 0)
          && !(first == 198 && (second == 18 || second == 19))
          && first < 240;
    }
    // fc00::/7: IPv6 unique local addresses; an IPv4-mapped address judged as its IPv4 form
    if ((b[0] & 0xFE) == 0xFC) {
      return false;
    }
    return true;
  }
}
