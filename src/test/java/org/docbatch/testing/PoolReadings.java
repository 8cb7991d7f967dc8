package org.docbatch.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's worker pools as its readiness check shows them ({@code worker-pools} data). */
public final class PoolReadings {

  private static final Pattern POOL =
      Pattern.compile("(\\d+)/(\\d+) workers, (\\d+) busy, (\\d+) replaced");

  /** One pool: workers now, its max_workers, busy workers, workers replaced. */
  public record Pool(int workers, int maxWorkers, int busy, int replaced) {}

  private PoolReadings() {}

  /** Reads pool {@code type} of the node whose management interface {@code management} calls. */
  public static Pool of(ApiClient management, String type) {
    ApiClient.Answer ready = management.get("/health/ready");
    for (JsonValue check : ready.json().getJsonArray("checks")) {
      JsonObject one = check.asJsonObject();
      if (one.getString("name").equals("worker-pools")) {
        Matcher m = POOL.matcher(one.getJsonObject("data").getString(type));
        if (!m.matches()) {
          throw new IllegalStateException("unexpected pool reading: " + one);
        }
        return new Pool(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)));
      }
    }
    throw new IllegalStateException("no worker-pools check in " + ready.body());
  }
}
