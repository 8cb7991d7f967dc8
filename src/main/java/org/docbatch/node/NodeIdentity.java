package org.docbatch.node;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this node is among the nodes sharing one Redis. The id is stable across restarts of the same
 * server (host name and port offset by default), so a restarted node recognises the jobs it was
 * running when it died and recovers them at once instead of waiting for its old heartbeat to
 * expire.
 */
@ApplicationScoped
public class NodeIdentity {

  /** {@code NODE_ID}: this node's name; unique among the nodes sharing the Redis. */
  @Inject
  @ConfigProperty(name = "node.id")
  Optional<String> configuredId;

  /** Set by {@code bin/run} from {@code PORT_OFFSET}; tells nodes on one host apart. */
  @Inject
  @ConfigProperty(name = "jboss.socket.binding.port-offset", defaultValue = "0")
  int portOffset;

  private String id;
  private final Instant startedAt = Instant.now();

  @PostConstruct
  void init() {
    id = configuredId.filter(s -> !s.isBlank()).orElseGet(() -> hostName() + "-" + portOffset);
  }

  public String id() {
    return id;
  }

  /**
   * This run of the node: its id and start time, {@code id@millis}. Jobs record the incarnation
   * that coordinates them; a job whose incarnation is no longer the one beating under its node id
   * (the node died, or died and came back) is an orphan.
   */
  public String incarnation() {
    return id + "@" + startedAt.toEpochMilli();
  }

  /** The node id part of an incarnation. */
  public static String nodeOf(String incarnation) {
    int at = incarnation.lastIndexOf('@');
    return at < 0 ? incarnation : incarnation.substring(0, at);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
