package org.docbatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void theAllowanceIsThePerMinuteRateOverTheWindow() {
    assertEquals(600, RateLimiter.allowance(600, 60));
    assertEquals(10, RateLimiter.allowance(120, 5));
    assertEquals(1200, RateLimiter.allowance(600, 120));
    // a window too short for one request at that rate still lets one through
    assertEquals(1, RateLimiter.allowance(6, 1));
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
    assertEquals(1, RateLimiter.retryAfter(1));
    assertEquals(1, RateLimiter.retryAfter(1000));
    assertEquals(2, RateLimiter.retryAfter(1001));
    assertEquals(1, RateLimiter.retryAfter(0));
  }
}
