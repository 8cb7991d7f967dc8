package org.docbatch.worker.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What one thread has used: CPU time, and bytes allocated on the heap, each 0 where the JVM does
 * not measure it. Read from another thread, at no cost to the worker measured. The allocations come
 * from HotSpot's {@code com.sun.management.ThreadMXBean}, which a deployment's module cannot name
 * (WildFly does not give it {@code jdk.management}): it is found through the boot loader.
 */
final class ThreadUsage {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MethodHandle ALLOCATED = allocatedBytesHandle();

  private ThreadUsage() {}

  static long cpuNanos(long threadId) {
    return THREADS.isThreadCpuTimeSupported() ? Math.max(0, THREADS.getThreadCpuTime(threadId)) : 0;
  }

  static long allocatedBytes(long threadId) {
    if (ALLOCATED == null) {
      return 0;
    }
    try {
      return Math.max(0, (long) ALLOCATED.invoke(THREADS, threadId));
    } catch (Throwable e) {
      return 0;
    }
  }

  private static MethodHandle allocatedBytesHandle() {
    try {
      Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean", false, null);
      if (!hotspot.isInstance(THREADS)) {
        return null;
      }
      return MethodHandles.publicLookup()
          .findVirtual(
              hotspot, "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not HotSpot: allocations are not measured
    }
  }
}
