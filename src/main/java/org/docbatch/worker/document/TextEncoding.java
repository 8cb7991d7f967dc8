package org.docbatch.worker.document;

import java.nio.charset.Charset;

/**
 * How a text file is encoded.
 *
 * @param charset the charset its content decodes with
 * @param bomLength the length of its byte order mark, skipped when reading (0 when it has none)
 */
public record TextEncoding(Charset charset, int bomLength) {

  /**
   * The charset's canonical name, as reported in results: {@code UTF-8}, {@code windows-1252}, ...
   */
  public String name() {
    return charset.name();
  }

  public boolean hasBom() {
    return bomLength > 0;
  }
}
