package org.docbatch.repository;

import jakarta.batch.api.AbstractBatchlet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A batchlet the contract test scripts: fail the next N runs, or hold until stopped or released.
 */
public final class ScriptedBatchlet extends AbstractBatchlet {

  private static final AtomicInteger failuresLeft = new AtomicInteger();
  private static final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

  static void failNext(int runs) {
    failuresLeft.set(runs);
  }

  /** The next runs block until {@link #release()} or a stop. */
  static void hold() {
    gate.set(new CountDownLatch(1));
  }

  static void release() {
    CountDownLatch latch = gate.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  @Override
  public String process() throws Exception {
    CountDownLatch latch = gate.get();
    if (latch != null && !latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("never released");
    }
    if (failuresLeft.getAndDecrement() > 0) {
      throw new IllegalStateException("scripted failure");
    }
    return "DONE";
  }

  @Override
  public void stop() {
    release();
  }
}
