package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 22: unauthenticated refusals were not rate-limited, each writing an audit line. */
class RefusalCounterTest {

  @Test
  void refusalsPastTheAllowanceOfAnAddressAskItToWaitAndOtherAddressesDoNot() {
    RefusalCounter counter = new RefusalCounter();
    counter.perMinute = 3;

    for (int i = 0; i < 3; i++) {
      assertEquals(0, counter.refused("10.0.0.1"), "refusal " + i);
    }

    long wait = counter.refused("10.0.0.1");
    assertTrue(wait > 0 && wait <= 60, "seconds: " + wait);
    assertEquals(0, counter.refused("10.0.0.2"));
  }

  @Test
  void zeroTurnsItOff() {
    RefusalCounter counter = new RefusalCounter();
    counter.perMinute = 0;
    for (int i = 0; i < 100; i++) {
      assertEquals(0, counter.refused("10.0.0.1"));
    }
  }
}
