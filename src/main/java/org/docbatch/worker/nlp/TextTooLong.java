package org.docbatch.worker.nlp;

import org.docbatch.worker.spi.DocumentException;

/** The error for a text over the job's {@code max_chars}, raised before CoreNLP sees it. */
final class TextTooLong {

  private TextTooLong() {}

  static DocumentException error(String what, int maxChars) {
    return new DocumentException(
        "text_too_long",
        what
            + " is longer than max_chars ("
            + maxChars
            + " characters); split the document, or raise the job option max_chars (at most "
            + NlpOptions.MAX_MAX_CHARS
            + ").");
  }
}
