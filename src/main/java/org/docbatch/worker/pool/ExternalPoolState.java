package org.docbatch.worker.pool;

import java.util.List;

/**
 * An external task type's workers as the cluster knows them: those heard from lately, how many of
 * its tasks are leased now, and the latest call of any of them.
 *
 * @param busy tasks of the type leased now, cluster-wide
 * @param lastHeartbeat the latest call of any of its workers (epoch ms), 0 if none
 */
public record ExternalPoolState(String type, List<Worker> workers, long busy, long lastHeartbeat) {

  /** One worker and when it last called (epoch ms). */
  public record Worker(String workerId, long lastSeen) {}
}
