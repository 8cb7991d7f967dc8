package org.docbatch.worker.pool;

/**
 * One worker thread's use of the node, since it started: the spec's "CPU usage per worker" and
 * "memory usage per worker" (bytes it allocated, the memory it churned; live heap per thread is not
 * something a JVM can tell).
 */
public record WorkerUsage(
    String type, String worker, boolean busy, long cpuNanos, long allocatedBytes) {}
