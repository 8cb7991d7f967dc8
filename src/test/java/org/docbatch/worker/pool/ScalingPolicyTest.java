package org.docbatch.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.docbatch.worker.pool.ScalingDecision.Change;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

  private static final PoolLimits OCR = new PoolLimits("ocr", 2, 8, 1024, 0.8, 300);
  private final ScalingPolicy policy = new ScalingPolicy(0.1);

  private static PoolSignals signals(int workers, int busy, long waiting) {
    return new PoolSignals(OCR, workers, busy, waiting, 0, 0, 0.3, 0.2, 0);
  }

  @Test
  void growsAtOnceToMeetWhatWaits() {
    ScalingDecision decision = policy.decide(signals(2, 2, 3), 40);

    assertEquals(Change.GROW, decision.change());
    assertEquals(5, decision.workers());
    assertTrue(decision.reason().contains("3 waiting"), decision.reason());
    assertTrue(decision.reason().contains("2 of 2 busy"), decision.reason());
  }

  @Test
  void neverGrowsBeyondMaxWorkersNorTheNodesHeadroom() {
    assertEquals(8, policy.decide(signals(2, 2, 500), 40).workers());
    assertEquals(5, policy.decide(signals(2, 2, 500), 3).workers());
    ScalingDecision full = policy.decide(signals(2, 2, 500), 0);
    assertEquals(Change.HOLD, full.change());
    assertTrue(full.reason().contains("MAX_WORKERS"), full.reason());
  }

  @Test
  void holdsWhileTheCpuIsAboveTheLimitTheHeapNearlyFullOrRunsFail() {
    PoolSignals busyCpu = new PoolSignals(OCR, 2, 2, 10, 0, 0, 0.95, 0.2, 0);
    PoolSignals fullHeap = new PoolSignals(OCR, 2, 2, 10, 0, 0, 0.3, 0.95, 0);
    PoolSignals failing = new PoolSignals(OCR, 2, 2, 10, 20, 5, 0.3, 0.2, 0);
    PoolSignals fewFailures = new PoolSignals(OCR, 2, 2, 10, 4, 2, 0.3, 0.2, 0);

    assertTrue(
        policy.decide(busyCpu, 40).reason().contains("CPU load 95%"),
        policy.decide(busyCpu, 40).reason());
    assertTrue(
        policy.decide(busyCpu, 40).reason().contains("80%"), policy.decide(busyCpu, 40).reason());
    assertEquals(Change.HOLD, policy.decide(busyCpu, 40).change());
    assertEquals(Change.HOLD, policy.decide(fullHeap, 40).change());
    assertTrue(
        policy.decide(failing, 40).reason().contains("25% of runs failed"),
        policy.decide(failing, 40).reason());
    assertEquals(
        Change.GROW,
        policy.decide(fewFailures, 40).change(),
        "too few runs to judge an error rate");
  }

  @Test
  void shrinksOnlyAfterIdleChecksInARowAndByHalfOfTheIdleWorkers() {
    PoolSignals firstIdle = new PoolSignals(OCR, 8, 1, 0, 5, 0, 0.1, 0.2, 0);
    PoolSignals stillIdle =
        new PoolSignals(
            OCR, 8, 1, 0, 5, 0, 0.1, 0.2, ScalingPolicy.IDLE_CHECKS_BEFORE_SHRINKING - 1);

    assertEquals(Change.HOLD, policy.decide(firstIdle, 40).change());
    ScalingDecision shrink = policy.decide(stillIdle, 40);
    assertEquals(Change.SHRINK, shrink.change());
    assertEquals(4, shrink.workers());
  }

  @Test
  void neverShrinksBelowMinWorkersAndComesBackUpToThem() {
    PoolSignals idleAtMin = new PoolSignals(OCR, 2, 0, 0, 0, 0, 0.1, 0.2, 10);
    PoolSignals idleAboveMin = new PoolSignals(OCR, 3, 0, 0, 0, 0, 0.1, 0.2, 10);
    PoolSignals belowMin = new PoolSignals(OCR, 1, 0, 0, 0, 0, 0.1, 0.2, 0);

    assertEquals(Change.HOLD, policy.decide(idleAtMin, 40).change());
    assertEquals(2, policy.decide(idleAboveMin, 40).workers());
    assertEquals(2, policy.decide(belowMin, 40).workers());
  }

  @Test
  void aPoolWithWorkWaitingNeverShrinks() {
    PoolSignals atMaxWithBacklog = new PoolSignals(OCR, 8, 8, 100, 50, 0, 0.99, 0.2, 10);

    assertEquals(Change.HOLD, policy.decide(atMaxWithBacklog, 0).change());
  }
}
