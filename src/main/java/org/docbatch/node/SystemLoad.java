package org.docbatch.node;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The machine's and the JVM's load as the platform MBeans tell it. Attributes of the
 * OperatingSystem MBean are read by name through the MBean server: WildFly does not let a
 * deployment see {@code com.sun.management}'s interface, but the MBean server serves its attributes
 * to anyone.
 */
public final class SystemLoad {

  private static final ObjectName OPERATING_SYSTEM = operatingSystem();

  private SystemLoad() {}

  /** The whole machine's recent CPU use, 0 to 1, or -1 when the JVM does not say. */
  public static double cpuLoad() {
    return osAttribute("CpuLoad");
  }

  /** The fraction of the maximum heap in use, 0 to 1. */
  public static double heapUsed() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getMax() > 0 ? (double) heap.getUsed() / heap.getMax() : 0;
  }

  /** A numeric attribute of the OperatingSystem MBean ({@code CpuLoad}, ...), or -1. */
  public static double osAttribute(String name) {
    try {
      Object value =
          ManagementFactory.getPlatformMBeanServer().getAttribute(OPERATING_SYSTEM, name);
      return value instanceof Number number ? number.doubleValue() : -1;
    } catch (JMException | RuntimeException e) {
      return -1;
    }
  }

  private static ObjectName operatingSystem() {
    try {
      return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
