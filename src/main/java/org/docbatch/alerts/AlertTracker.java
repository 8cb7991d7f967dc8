package org.docbatch.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * De-duplicates alerts of one node: an alert is announced once when it starts firing, again only
 * every {@code repeat} while it keeps firing, and once more, {@code resolved}, when it no longer
 * holds. Pure: time comes with each call.
 */
public final class AlertTracker {

  private static final class Firing {
    final Instant firstSeen;
    Instant lastSent;
    Alert last;

    Firing(Instant firstSeen, Alert alert) {
      this.firstSeen = firstSeen;
      this.lastSent = firstSeen;
      this.last = alert;
    }
  }

  private final String node;
  private final Duration repeat;
  private final Map<String, Firing> firing = new LinkedHashMap<>();

  public AlertTracker(String node, Duration repeat) {
    this.node = node;
    this.repeat = repeat;
  }

  /** What to announce, given the alerts that hold {@code now}. */
  public List<AlertNotice> update(Instant now, List<Alert> holding) {
    List<AlertNotice> notices = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Alert alert : holding) {
      if (!names.add(alert.name())) {
        continue; // one alert of a name per node
      }
      Firing state = firing.get(alert.name());
      if (state == null) {
        state = new Firing(now, alert);
        firing.put(alert.name(), state);
        notices.add(new AlertNotice(alert, node, AlertNotice.FIRING, false, now, now));
      } else if (!now.isBefore(state.lastSent.plus(repeat))) {
        state.lastSent = now;
        notices.add(new AlertNotice(alert, node, AlertNotice.FIRING, true, state.firstSeen, now));
      }
      state.last = alert;
    }
    var it = firing.entrySet().iterator();
    while (it.hasNext()) {
      Firing state = it.next().getValue();
      if (!names.contains(state.last.name())) {
        it.remove();
        notices.add(
            new AlertNotice(state.last, node, AlertNotice.RESOLVED, false, state.firstSeen, now));
      }
    }
    return notices;
  }

  /** The alerts firing now, by name. */
  public Set<String> firing() {
    return Set.copyOf(firing.keySet());
  }
}
