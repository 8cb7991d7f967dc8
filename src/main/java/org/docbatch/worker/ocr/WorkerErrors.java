package org.docbatch.worker.ocr;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.docbatch.worker.spi.DocumentException;

/**
 * The test-only fault {@code worker_error}: an unexpected error in the server's OCR worker (not in
 * the engine), which the dispatcher retries and then dead-letters, as it would a bug. With the job
 * option {@code fault_times}, only the first runs of each matching document or page on this node
 * fail, so that a test can show a dead letter read again once requeued.
 */
final class WorkerErrors {

  static final String FAULT = "worker_error";

  /** Runs so far of each faulted document or page on this node (tests only: faults are off). */
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /**
   * Throws when {@code fault} is {@value #FAULT} and {@code what} has failed fewer than {@code
   * times} times here (any number when {@code times} is 0).
   */
  void injectIf(String fault, String what, int times) {
    if (!FAULT.equals(fault)) {
      return;
    }
    int run = runs.computeIfAbsent(what, key -> new AtomicInteger()).incrementAndGet();
    if (times == 0 || run <= times) {
      throw new IllegalStateException("worker_error injected on " + what + " (run " + run + ")");
    }
  }

  /**
   * The job option {@code fault_times}: how many runs a matching document or page fails; 0: all.
   */
  static int times(JsonObject options) throws DocumentException {
    JsonValue times = options == null ? null : options.get("fault_times");
    if (times == null) {
      return 0;
    }
    if (!(times instanceof JsonNumber n) || !n.isIntegral() || n.intValue() < 1) {
      throw new DocumentException(
          "bad_option", "The job option fault_times must be a whole number of 1 or more.");
    }
    return n.intValue();
  }
}
