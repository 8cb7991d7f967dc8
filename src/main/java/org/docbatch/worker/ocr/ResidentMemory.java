package org.docbatch.worker.ocr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from Linux's {@code /proc/<pid>/statm}. */
final class ResidentMemory {

  private static final long PAGE_SIZE = 4096;

  private ResidentMemory() {}

  /**
   * @return resident bytes, or 0 when the process is gone or this is not Linux
   */
  static long of(long pid) {
    try {
      String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "statm")).split(" ");
      return Long.parseLong(fields[1].trim()) * PAGE_SIZE;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
