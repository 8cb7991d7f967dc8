package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.docbatch.security.Authenticator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps web pages of other origins from acting through a developer's browser (issue 22, item 6). A
 * request that changes something (any method but GET, HEAD and OPTIONS) and carries an {@code
 * Origin} must come from the node's own origin (the {@code Host} it was sent to) or one of {@code
 * ALLOWED_ORIGINS}: 403 {@code origin_not_allowed} otherwise. With authentication off, where a
 * request needs nothing else, the {@code Host} must also be one of {@code ALLOWED_HOSTS} (403
 * {@code host_not_allowed}), so that a page whose name was rebound to 127.0.0.1 is not the node's
 * own origin. docbatch sends no CORS headers: a browser lets no other origin read an answer.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public class OriginFilter implements ContainerRequestFilter {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject Authenticator authenticator;

  /** {@code ALLOWED_ORIGINS}: other origins ({@code https://host[:port]}) that may send changes. */
  @Inject
  @ConfigProperty(name = "allowed.origins")
  Optional<String> allowedOrigins;

  /** {@code ALLOWED_HOSTS}: host names a node with authentication off answers to. */
  @Inject
  @ConfigProperty(name = "allowed.hosts", defaultValue = "localhost,127.0.0.1,[::1]")
  String allowedHosts;

  @Override
  public void filter(ContainerRequestContext request) {
    String host = request.getHeaderString("Host");
    if (!authenticator.enabled() && !hostAllowed(host)) {
      throw new Problem(
          403,
          "host_not_allowed",
          "Forbidden",
          "this node has authentication off and answers only requests sent to "
              + allowedHosts
              + " (ALLOWED_HOSTS)");
    }
    String origin = request.getHeaderString("Origin");
    if (origin == null || SAFE_METHODS.contains(request.getMethod())) {
      return;
    }
    if (!originAllowed(origin, host)) {
      throw new Problem(
          403,
          "origin_not_allowed",
          "Forbidden",
          "requests that change something are accepted from this node's own origin and"
              + " ALLOWED_ORIGINS only, not from "
              + printable(origin));
    }
  }

  boolean hostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String name = hostName(host);
    return list(allowedHosts).stream().anyMatch(name::equalsIgnoreCase);
  }

  boolean originAllowed(String origin, String host) {
    String normalized = origin.trim().toLowerCase(Locale.ROOT);
    if (allowedOrigins.map(OriginFilter::list).orElse(Set.of()).contains(normalized)) {
      return true;
    }
    try {
      URI uri = URI.create(normalized);
      if (uri.getHost() == null || host == null) {
        return false;
      }
      String authority = uri.getRawAuthority();
      return authority.equalsIgnoreCase(host.trim())
          || (uri.getPort() == -1 && withDefaultPort(uri).equalsIgnoreCase(host.trim()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code http://h} is the origin of {@code Host: h:80}, which some clients send. */
  private static String withDefaultPort(URI uri) {
    return uri.getRawAuthority() + (uri.getScheme().equals("https") ? ":443" : ":80");
  }

  /** The name in a {@code Host} header: {@code [::1]:8080} is {@code [::1]}. */
  static String hostName(String host) {
    String value = host.trim();
    int colon = value.lastIndexOf(':');
    return colon > value.lastIndexOf(']') ? value.substring(0, colon) : value;
  }

  private static Set<String> list(String values) {
    return Arrays.stream(values.split(","))
        .map(String::trim)
        .filter(value -> !value.isEmpty())
        .map(value -> value.toLowerCase(Locale.ROOT).replaceAll("/+$", ""))
        .collect(Collectors.toSet());
  }

  private static String printable(String text) {
    String shown = text.replaceAll("[^\\x20-\\x7e]", "?");
    return shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
  }
}
