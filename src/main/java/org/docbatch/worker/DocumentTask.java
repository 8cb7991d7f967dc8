package org.docbatch.worker;

import jakarta.json.JsonObject;
import java.nio.file.Path;

/**
 * One document of one job, as a worker sees it.
 *
 * @param jobId the docbatch job id
 * @param index the document's position in the job (0-based)
 * @param reference what the user submitted: a path under the document root or an uploaded document
 *     id
 * @param file the resolved file, inside the document root
 * @param options the job's options, as submitted
 * @param outputDir a folder reserved for this document's output files (created on demand by the
 *     worker)
 */
public record DocumentTask(
    String jobId, int index, String reference, Path file, JsonObject options, Path outputDir) {}
