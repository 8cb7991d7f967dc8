package org.docbatch.worker.pool;

import jakarta.json.JsonObject;

/**
 * A task handed to an external worker.
 *
 * @param taskId {@code <job_id>:<index>}
 * @param leaseToken what the worker sends with every report on it
 * @param document the document's reference, as submitted
 * @param options the job's options, as submitted
 * @param leaseMillis how long the lease holds without a heartbeat
 */
public record LeasedTask(
    String taskId,
    String leaseToken,
    String jobId,
    int index,
    String document,
    JsonObject options,
    long leaseMillis) {}
