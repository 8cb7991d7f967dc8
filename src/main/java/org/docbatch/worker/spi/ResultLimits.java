package org.docbatch.worker.spi;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How large a document's result may grow in Redis. A result is kept in Redis for the job's life
 * (and a pipeline's stage results beside it), so a 100 MB text file or a 10,000-page PDF must not
 * become a result of the same size: text past {@code RESULT_MAX_CHARS} is cut, and the result says
 * so ({@code text_truncated}, with the full length in {@code text_chars}).
 */
public final class ResultLimits {

  /** {@code RESULT_MAX_CHARS} unless set: about 1-4 MB of UTF-8 in Redis. */
  public static final int DEFAULT_MAX_CHARS = 1_000_000;

  /** Word boxes listed in one OCR result at most (each about 80 bytes of JSON). */
  public static final int MAX_WORD_BOXES = 100_000;

  private static volatile Integer maxChars;

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
}
