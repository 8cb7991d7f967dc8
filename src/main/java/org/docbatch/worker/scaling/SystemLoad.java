package org.docbatch.worker.scaling;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The machine's CPU load and the JVM's heap use. The CPU load is read as the platform MBean's
 * {@code CpuLoad} attribute: WildFly does not let a deployment see {@code com.sun.management}'s
 * interface, but the MBean server serves its attributes to anyone.
 */
public final class SystemLoad {

  private static final ObjectName OPERATING_SYSTEM = operatingSystem();

  private SystemLoad() {}

  /** The whole machine's recent CPU use, 0 to 1, or -1 when the JVM does not say. */
  public static double cpuLoad() {
    try {
      Object load =
          ManagementFactory.getPlatformMBeanServer().getAttribute(OPERATING_SYSTEM, "CpuLoad");
      return load instanceof Double value ? value : -1;
    } catch (JMException | RuntimeException e) {
      return -1;
    }
  }

  /** The fraction of the maximum heap in use, 0 to 1. */
  public static double heapUsed() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getMax() > 0 ? (double) heap.getUsed() / heap.getMax() : 0;
  }

  private static ObjectName operatingSystem() {
    try {
      return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
