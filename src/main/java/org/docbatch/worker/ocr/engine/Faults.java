package org.docbatch.worker.ocr.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults a test can inject into an OCR engine, to show that a native crash or a runaway page costs
 * one document and not the node. Only an engine started with faults enabled honours them (the
 * {@code OCR_FAULT_INJECTION} setting, off unless a test turns it on).
 */
public final class Faults {

  /**
   * Writes through a wild pointer in native code: the process dies of SIGSEGV, as on a libtesseract
   * bug.
   */
  public static final String NATIVE_CRASH = "native_crash";

  /** Takes native memory and never gives it back, as a leaking page would. */
  public static final String NATIVE_MEMORY_HOG = "native_memory_hog";

  private static final int HOG_MEGABYTES = 4096;
  private static final List<Memory> HOARD = new ArrayList<>();

  private Faults() {}

  static void inject(String fault) {
    switch (fault) {
      case NATIVE_CRASH -> new Pointer(16).setLong(0, 42);
      case NATIVE_MEMORY_HOG -> {
        for (int i = 0; i < HOG_MEGABYTES; i++) {
          Memory block = new Memory(1 << 20);
          block.clear(); // touch every page, so it counts in the resident set
          HOARD.add(block);
        }
      }
      default -> {}
    }
  }
}
