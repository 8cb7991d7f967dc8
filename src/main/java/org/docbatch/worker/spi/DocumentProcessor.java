package org.docbatch.worker.spi;

import jakarta.json.JsonObject;
import java.util.Set;

/** The work of one worker type on one document: validation, preprocessing, OCR or NLP. */
public interface DocumentProcessor {

  /**
   * Processes one document.
   *
   * @return the document's result, a JSON object a person would want to read
   * @throws DocumentException when this document cannot be processed; its message tells a person
   *     what is wrong with the document and what to do about it
   */
  JsonObject process(DocumentTask task) throws DocumentException;

  /**
   * Checks a job's options before the job is accepted, so that a bad option is a 400 answer rather
   * than the same failure on every document.
   *
   * @throws DocumentException with code {@code bad_option} naming the option
   */
  default void checkOptions(JsonObject options) throws DocumentException {}

  /**
   * The option keys this worker reads: a job whose options hold any other key is refused (400
   * {@code invalid_option}) rather than stored and carried with every document.
   */
  default Set<String> optionNames() {
    return Set.of();
  }

  /**
   * What, besides the document's bytes, decides its result: the options as the worker reads them
   * (defaults applied, aliases resolved) and the versions of the engine and models it runs. Two
   * runs with the same fingerprint on the same bytes give the same result, so the result cache
   * ({@code worker/ResultCache}) may answer the second from the first.
   *
   * @return the fingerprint, or null (the default) when results are not reused: a worker cheaper
   *     than a cache lookup (validation, no-op), or one whose result names files of its own run
   */
  default String resultFingerprint(JsonObject options) throws DocumentException {
    return null;
  }
}
