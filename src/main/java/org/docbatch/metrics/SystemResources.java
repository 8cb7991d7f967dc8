package org.docbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.docbatch.artifact.Artifacts;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.node.SystemLoad;

/**
 * What this node's machine has left: system CPU load, system memory, and the disks of {@code
 * DOCUMENT_ROOT} and {@code OUTPUT_ROOT}. WildFly's Micrometer subsystem already exports the JVM's
 * own figures ({@code memory_used_heap_bytes}, {@code memory_max_heap_bytes}, {@code
 * cpu_process_cpu_load}, threads, GC), so only these are added: {@code docbatch_system_cpu_load} (0
 * to 1, the whole machine), {@code docbatch_system_memory_available_bytes}, {@code
 * docbatch_system_memory_total_bytes}, {@code docbatch_disk_usable_bytes{folder}} and {@code
 * docbatch_disk_total_bytes{folder}} ({@code folder} is {@code documents} or {@code output}; with
 * {@code OUTPUT_ROOT} in a bucket, {@code output} is the local folder artifacts are written to
 * before their upload, the one disk of the node they can fill).
 */
@ApplicationScoped
public class SystemResources {

  /** One reading. Fractions are 0 to 1; a figure the platform does not give is -1. */
  public record Usage(
      double cpuLoad,
      double processCpuLoad,
      long heapUsedBytes,
      long heapMaxBytes,
      long memoryAvailableBytes,
      long memoryTotalBytes,
      List<Disk> disks) {

    public double heapUsedFraction() {
      return heapMaxBytes <= 0 ? -1 : (double) heapUsedBytes / heapMaxBytes;
    }

    public double memoryUsedFraction() {
      return memoryTotalBytes <= 0 || memoryAvailableBytes < 0
          ? -1
          : 1 - (double) memoryAvailableBytes / memoryTotalBytes;
    }
  }

  /** A data folder's file system. */
  public record Disk(String folder, Path path, long usableBytes, long totalBytes) {

    public double usedFraction() {
      return totalBytes <= 0 ? -1 : 1 - (double) usableBytes / totalBytes;
    }
  }

  @Inject MeterRegistry registry;

  @Inject DocumentLibrary library;
  @Inject Artifacts artifacts;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge("docbatch.system.cpu.load", Tags.empty(), this, r -> r.read().cpuLoad());
    registry.gauge(
        "docbatch.system.memory.available.bytes",
        Tags.empty(),
        this,
        r -> r.read().memoryAvailableBytes());
    registry.gauge(
        "docbatch.system.memory.total.bytes", Tags.empty(), this, r -> r.read().memoryTotalBytes());
    for (String folder : List.of("documents", "output")) {
      registry.gauge(
          "docbatch.disk.usable.bytes", Tags.of("folder", folder), this, r -> r.disk(folder)[0]);
      registry.gauge(
          "docbatch.disk.total.bytes", Tags.of("folder", folder), this, r -> r.disk(folder)[1]);
    }
  }

  /** Reads every figure now (a few system calls and, on Linux, {@code /proc/meminfo}). */
  public Usage read() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    double cpu = SystemLoad.osAttribute("CpuLoad");
    double processCpu = SystemLoad.osAttribute("ProcessCpuLoad");
    long total = (long) SystemLoad.osAttribute("TotalMemorySize");
    long available = (long) SystemLoad.osAttribute("FreeMemorySize");
    long memAvailable = memAvailable();
    if (memAvailable >= 0) {
      available = memAvailable;
    }
    return new Usage(
        cpu,
        processCpu,
        heap.getUsed(),
        heap.getMax(),
        available,
        total,
        List.of(
            disk("documents", library.root().toString()),
            disk("output", artifacts.localFolder().toString())));
  }

  private long[] disk(String folder) {
    Disk disk =
        disk(
            folder,
            folder.equals("documents")
                ? library.root().toString()
                : artifacts.localFolder().toString());
    return new long[] {disk.usableBytes(), disk.totalBytes()};
  }

  private static Disk disk(String folder, String configured) {
    Path path = Path.of(configured).toAbsolutePath();
    // The folder may not exist yet (nothing written): its nearest existing parent is on the disk.
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      var store = Files.getFileStore(existing == null ? Path.of("/") : existing);
      return new Disk(folder, path, store.getUsableSpace(), store.getTotalSpace());
    } catch (IOException | RuntimeException e) {
      return new Disk(folder, path, -1, -1);
    }
  }

  /**
   * Linux's {@code MemAvailable} in bytes, or -1: free memory alone leaves out the page cache the
   * kernel gives back on demand, and would look exhausted on any busy machine.
   */
  private static long memAvailable() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the JVM's free memory figure stands.
    }
    return -1;
  }
}
