package org.docbatch.worker.spi;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How large a document's result may grow. A result is kept in Redis for the job's life (and a
 * pipeline's stage results beside it), so a 100 MB text file or a 10,000-page PDF must not become a
 * result of the same size. Two bounds, each with one job:
 *
 * <ul>
 *   <li>{@code MAX_RESULT_KB} bounds what Redis keeps per document and stage: the runner moves a
 *       longer text into an artifact (the result keeps its beginning, says {@code text_truncated}
 *       and names the artifact in {@code text_artifact}), and a result still too large into a
 *       {@code result.json} artifact ({@code result_truncated}).
 *   <li>{@code RESULT_MAX_CHARS} bounds the text one reading holds in the worker's heap, and so in
 *       that artifact: text past it is not kept ({@code text_chars} says how much there was).
 * </ul>
 */
public final class ResultLimits {

  /** {@code RESULT_MAX_CHARS} unless set: about 1-4 MB of UTF-8 in Redis. */
  public static final int DEFAULT_MAX_CHARS = 1_000_000;

  /** Word boxes listed in one OCR result at most (each about 80 bytes of JSON). */
  public static final int MAX_WORD_BOXES = 100_000;

  /** {@code MAX_RESULT_KB} unless set. */
  public static final int DEFAULT_MAX_RESULT_KB = 64;

  private static volatile Integer maxChars;
  private static volatile Integer maxResultKb;

  private ResultLimits() {}

  /** {@code result.max.chars}: the most characters of text one result keeps. */
  public static int maxChars() {
    Integer value = maxChars;
    if (value == null) {
      try {
        value =
            ConfigProvider.getConfig(ResultLimits.class.getClassLoader())
                .getOptionalValue("result.max.chars", Integer.class)
                .orElse(DEFAULT_MAX_CHARS);
      } catch (RuntimeException | LinkageError e) {
        value = DEFAULT_MAX_CHARS; // outside the server (unit tests)
      }
      maxChars = value;
    }
    return value;
  }

  /** {@code max.result.kb}: the most bytes of JSON one document's result keeps in Redis, in KB. */
  public static int maxResultBytes() {
    Integer value = maxResultKb;
    if (value == null) {
      try {
        value =
            ConfigProvider.getConfig(ResultLimits.class.getClassLoader())
                .getOptionalValue("max.result.kb", Integer.class)
                .orElse(DEFAULT_MAX_RESULT_KB);
      } catch (RuntimeException | LinkageError e) {
        value = DEFAULT_MAX_RESULT_KB; // outside the server (unit tests)
      }
      maxResultKb = value;
    }
    return value * 1024;
  }
}
